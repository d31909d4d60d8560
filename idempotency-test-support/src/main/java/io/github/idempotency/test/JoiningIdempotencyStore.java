package io.github.idempotency.test;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.NonBlockingIdempotencyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store whose {@code tryBegin}, {@code complete} and {@code fail} go through another store's
 * {@linkplain IdempotencyStore#nonBlocking() non-blocking calls} and wait for their stages, so the
 * store contract test and its fuzz check the non-blocking calls. A stage's exception is thrown as it
 * is, not wrapped. The other calls go to the store's blocking methods.
 */
public final class JoiningIdempotencyStore implements IdempotencyStore {

    private final IdempotencyStore store;
    private final NonBlockingIdempotencyStore nonBlocking;
    private final Set<String> completingThreads = ConcurrentHashMap.newKeySet();

    /**
     * Wraps a store.
     *
     * @param store a store with non-blocking calls
     * @throws IllegalArgumentException when the store has none
     */
    public JoiningIdempotencyStore(IdempotencyStore store) {
        this.store = store;
        this.nonBlocking = store.nonBlocking()
                .orElseThrow(() -> new IllegalArgumentException(store + " has no non-blocking calls"));
    }

    /**
     * Returns the names of the threads, other than the waiting caller's, that completed the
     * non-blocking calls' stages so far. A stage that was already complete when the caller began to
     * wait runs its completion on the caller's thread; those are left out, since the reply arrived
     * on another thread before.
     *
     * @return the thread names, each once
     */
    public Set<String> completingThreads() {
        return Set.copyOf(completingThreads);
    }

    @Override
    public BeginResult tryBegin(String key, Duration lease) {
        return join(nonBlocking.tryBeginAsync(key, lease));
    }

    @Override
    public IdempotencyRecord touch(String key, String ownerToken, Duration lease) {
        return store.touch(key, ownerToken, lease);
    }

    @Override
    public IdempotencyRecord complete(String key, String ownerToken, byte[] result, Duration retention) {
        return join(nonBlocking.completeAsync(key, ownerToken, result, retention));
    }

    @Override
    public IdempotencyRecord fail(String key, String ownerToken, String code, String message, Duration retention) {
        return join(nonBlocking.failAsync(key, ownerToken, code, message, retention));
    }

    @Override
    public Optional<IdempotencyRecord> get(String key) {
        return store.get(key);
    }

    @Override
    public void delete(String key) {
        store.delete(key);
    }

    @Override
    public int sweep() {
        return store.sweep();
    }

    @Override
    public Optional<NonBlockingIdempotencyStore> nonBlocking() {
        return Optional.of(nonBlocking);
    }

    private <T> T join(CompletionStage<T> stage) {
        Thread caller = Thread.currentThread();
        try {
            return stage.whenComplete((result, failure) -> {
                        if (Thread.currentThread() != caller) {
                            completingThreads.add(Thread.currentThread().getName());
                        }
                    })
                    .toCompletableFuture()
                    .join();
        } catch (CompletionException ex) {
            if (ex.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (ex.getCause() instanceof Error error) {
                throw error;
            }
            throw ex;
        }
    }
}
