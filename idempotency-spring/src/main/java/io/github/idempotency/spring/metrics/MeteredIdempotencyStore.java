package io.github.idempotency.spring.metrics;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.NonBlockingIdempotencyStore;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Times every call to another store in {@value #METRIC_NAME}, tagged {@code operation} ({@code
 * try_begin}, {@code touch}, {@code complete}, {@code fail}, {@code get}, {@code delete}, {@code
 * sweep}), {@code store} (see {@link IdempotencyStoreNames}) and {@code outcome}: {@code acquired},
 * {@code replay} or {@code conflict} for a {@code try_begin} that returns, {@code success} for any
 * other call that returns, and {@code error} for every call that throws (a lost lease, a result too
 * large, an invalid key, an unreachable store).
 *
 * <p>Behaves exactly like the store it wraps: results and exceptions pass through unchanged, and so
 * do its {@linkplain #nonBlocking() non-blocking calls}, which are timed in the same timers. All
 * timers are registered up front, so a call costs two clock reads and one record.
 */
public final class MeteredIdempotencyStore implements IdempotencyStore {

    /** The name of the timer. */
    public static final String METRIC_NAME = "idempotency.store.operations";

    private final IdempotencyStore delegate;
    private final Clock clock;
    private final Timer beginAcquired;
    private final Timer beginReplay;
    private final Timer beginConflict;
    private final Timer beginError;
    private final Timer touch;
    private final Timer touchError;
    private final Timer complete;
    private final Timer completeError;
    private final Timer fail;
    private final Timer failError;
    private final Timer get;
    private final Timer getError;
    private final Timer delete;
    private final Timer deleteError;
    private final Timer sweep;
    private final Timer sweepError;
    private final Optional<NonBlockingIdempotencyStore> nonBlocking;

    /**
     * Wraps a store.
     *
     * @param delegate the store that does the work; a {@code MeteredIdempotencyStore} is not
     *     wrapped twice by the auto-configuration, but nothing stops you from doing it by hand
     * @param registry where the timers live
     */
    public MeteredIdempotencyStore(IdempotencyStore delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.clock = registry.config().clock();
        String store = IdempotencyStoreNames.of(delegate);
        this.beginAcquired = timer(registry, store, "try_begin", "acquired");
        this.beginReplay = timer(registry, store, "try_begin", "replay");
        this.beginConflict = timer(registry, store, "try_begin", "conflict");
        this.beginError = timer(registry, store, "try_begin", "error");
        this.touch = timer(registry, store, "touch", "success");
        this.touchError = timer(registry, store, "touch", "error");
        this.complete = timer(registry, store, "complete", "success");
        this.completeError = timer(registry, store, "complete", "error");
        this.fail = timer(registry, store, "fail", "success");
        this.failError = timer(registry, store, "fail", "error");
        this.get = timer(registry, store, "get", "success");
        this.getError = timer(registry, store, "get", "error");
        this.delete = timer(registry, store, "delete", "success");
        this.deleteError = timer(registry, store, "delete", "error");
        this.sweep = timer(registry, store, "sweep", "success");
        this.sweepError = timer(registry, store, "sweep", "error");
        this.nonBlocking = delegate.nonBlocking().map(TimedNonBlockingCalls::new);
    }

    private static Timer timer(MeterRegistry registry, String store, String operation, String outcome) {
        return Timer.builder(METRIC_NAME)
                .description("Latency of idempotency store calls")
                .tag("store", store)
                .tag("operation", operation)
                .tag("outcome", outcome)
                .register(registry);
    }

    /**
     * Returns the store this one times, for code that needs the concrete store's own methods. Callers
     * that go through it bypass the timers.
     *
     * @return the wrapped store
     */
    public IdempotencyStore unwrap() {
        return delegate;
    }

    @Override
    public BeginResult tryBegin(String key, Duration lease) {
        long start = clock.monotonicTime();
        BeginResult result;
        try {
            result = delegate.tryBegin(key, lease);
        } catch (RuntimeException ex) {
            stop(beginError, start);
            throw ex;
        }
        stop(beginTimer(result), start);
        return result;
    }

    private Timer beginTimer(BeginResult result) {
        return switch (result.outcome()) {
            case ACQUIRED -> beginAcquired;
            case REPLAY -> beginReplay;
            case CONFLICT -> beginConflict;
        };
    }

    @Override
    public IdempotencyRecord touch(String key, String ownerToken, Duration lease) {
        long start = clock.monotonicTime();
        try {
            IdempotencyRecord record = delegate.touch(key, ownerToken, lease);
            stop(touch, start);
            return record;
        } catch (RuntimeException ex) {
            stop(touchError, start);
            throw ex;
        }
    }

    @Override
    public IdempotencyRecord complete(String key, String ownerToken, byte[] result, Duration retention) {
        long start = clock.monotonicTime();
        try {
            IdempotencyRecord record = delegate.complete(key, ownerToken, result, retention);
            stop(complete, start);
            return record;
        } catch (RuntimeException ex) {
            stop(completeError, start);
            throw ex;
        }
    }

    @Override
    public IdempotencyRecord fail(String key, String ownerToken, String code, String message, Duration retention) {
        long start = clock.monotonicTime();
        try {
            IdempotencyRecord record = delegate.fail(key, ownerToken, code, message, retention);
            stop(fail, start);
            return record;
        } catch (RuntimeException ex) {
            stop(failError, start);
            throw ex;
        }
    }

    @Override
    public Optional<IdempotencyRecord> get(String key) {
        long start = clock.monotonicTime();
        try {
            Optional<IdempotencyRecord> record = delegate.get(key);
            stop(get, start);
            return record;
        } catch (RuntimeException ex) {
            stop(getError, start);
            throw ex;
        }
    }

    @Override
    public void delete(String key) {
        long start = clock.monotonicTime();
        try {
            delegate.delete(key);
            stop(delete, start);
        } catch (RuntimeException ex) {
            stop(deleteError, start);
            throw ex;
        }
    }

    @Override
    public int sweep() {
        long start = clock.monotonicTime();
        try {
            int removed = delegate.sweep();
            stop(sweep, start);
            return removed;
        } catch (RuntimeException ex) {
            stop(sweepError, start);
            throw ex;
        }
    }

    /**
     * Returns the wrapped store's non-blocking calls, timed in the same timers as the blocking calls of
     * the same name: from the call to the completion of its stage.
     *
     * @return the timed non-blocking calls, or empty when the wrapped store has none
     */
    @Override
    public Optional<NonBlockingIdempotencyStore> nonBlocking() {
        return nonBlocking;
    }

    private void stop(Timer timer, long start) {
        timer.record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        return "MeteredIdempotencyStore[" + delegate + "]";
    }

    /** The wrapped store's non-blocking calls, timed when their stages complete, on the completing thread. */
    private final class TimedNonBlockingCalls implements NonBlockingIdempotencyStore {

        private final NonBlockingIdempotencyStore calls;

        TimedNonBlockingCalls(NonBlockingIdempotencyStore calls) {
            this.calls = calls;
        }

        @Override
        public CompletionStage<BeginResult> tryBeginAsync(String key, Duration lease) {
            return timed(() -> calls.tryBeginAsync(key, lease), MeteredIdempotencyStore.this::beginTimer, beginError);
        }

        @Override
        public CompletionStage<IdempotencyRecord> completeAsync(
                String key, String ownerToken, byte[] result, Duration retention) {
            return timed(
                    () -> calls.completeAsync(key, ownerToken, result, retention), record -> complete, completeError);
        }

        @Override
        public CompletionStage<IdempotencyRecord> failAsync(
                String key, String ownerToken, String code, String message, Duration retention) {
            return timed(() -> calls.failAsync(key, ownerToken, code, message, retention), record -> fail, failError);
        }

        /** The stage's outcome, unchanged (an exception not wrapped), once its time is recorded. */
        private <T> CompletionStage<T> timed(
                Supplier<CompletionStage<T>> call, Function<T, Timer> success, Timer error) {
            long start = clock.monotonicTime();
            CompletableFuture<T> timed = new CompletableFuture<>();
            try {
                call.get().whenComplete((result, failure) -> {
                    if (failure == null) {
                        stop(success.apply(result), start);
                        timed.complete(result);
                    } else {
                        stop(error, start);
                        timed.completeExceptionally(
                                failure instanceof CompletionException && failure.getCause() != null
                                        ? failure.getCause()
                                        : failure);
                    }
                });
            } catch (RuntimeException ex) {
                stop(error, start);
                timed.completeExceptionally(ex);
            }
            return timed;
        }
    }
}
