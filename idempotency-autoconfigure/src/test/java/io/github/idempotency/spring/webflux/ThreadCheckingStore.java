package io.github.idempotency.spring.webflux;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.scheduler.Schedulers;

/**
 * A memory store that notes every call made on a thread that must not block: Reactor's non-blocking
 * threads and Reactor Netty's event loops.
 */
final class ThreadCheckingStore implements IdempotencyStore {

    private final IdempotencyStore delegate = new MemoryIdempotencyStore();
    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> eventLoopCalls = new CopyOnWriteArrayList<>();

    int calls() {
        return calls.get();
    }

    /** The calls made on a non-blocking thread, each as "call on thread". */
    List<String> eventLoopCalls() {
        return eventLoopCalls;
    }

    private void check(String call) {
        calls.incrementAndGet();
        Thread thread = Thread.currentThread();
        if (Schedulers.isInNonBlockingThread() || thread.getName().startsWith("reactor-http")) {
            eventLoopCalls.add(call + " on " + thread.getName());
        }
    }

    @Override
    public BeginResult tryBegin(String key, Duration lease) {
        check("tryBegin");
        return delegate.tryBegin(key, lease);
    }

    @Override
    public IdempotencyRecord touch(String key, String ownerToken, Duration lease) {
        check("touch");
        return delegate.touch(key, ownerToken, lease);
    }

    @Override
    public IdempotencyRecord complete(String key, String ownerToken, byte[] result, Duration retention) {
        check("complete");
        return delegate.complete(key, ownerToken, result, retention);
    }

    @Override
    public IdempotencyRecord fail(String key, String ownerToken, String code, String message, Duration retention) {
        check("fail");
        return delegate.fail(key, ownerToken, code, message, retention);
    }

    @Override
    public Optional<IdempotencyRecord> get(String key) {
        return delegate.get(key);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public int sweep() {
        return delegate.sweep();
    }
}
