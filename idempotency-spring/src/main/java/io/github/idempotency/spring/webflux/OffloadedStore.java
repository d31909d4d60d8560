package io.github.idempotency.spring.webflux;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.NonBlockingIdempotencyStore;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The filter's store calls, none of which waits on an event loop. A store with {@linkplain
 * IdempotencyStore#nonBlocking() non-blocking calls} (Redis) is called through them, from the calling
 * thread; the reply arrives on the store client's thread, and what follows runs on {@link
 * Schedulers#parallel()}, so that neither the application's handler nor the writing of its response
 * holds up the client's I/O thread. Any other store's blocking calls run on the given bounded
 * scheduler, and what follows a call runs on that scheduler's thread too.
 */
final class OffloadedStore {

    private final IdempotencyStore store;
    private final Scheduler scheduler;
    private final @Nullable NonBlockingIdempotencyStore nonBlocking;

    OffloadedStore(IdempotencyStore store, Scheduler scheduler) {
        this.store = store;
        this.scheduler = scheduler;
        this.nonBlocking = store.nonBlocking().orElse(null);
    }

    IdempotencyStore store() {
        return store;
    }

    Mono<BeginResult> tryBegin(String key, Duration lease) {
        NonBlockingIdempotencyStore calls = nonBlocking;
        if (calls != null) {
            return resumed(() -> calls.tryBeginAsync(key, lease));
        }
        return Mono.fromCallable(() -> store.tryBegin(key, lease)).subscribeOn(scheduler);
    }

    Mono<Void> complete(String key, String ownerToken, byte[] result, Duration retention) {
        NonBlockingIdempotencyStore calls = nonBlocking;
        if (calls != null) {
            return resumed(() -> calls.completeAsync(key, ownerToken, result, retention))
                    .then();
        }
        return Mono.<Void>fromRunnable(() -> store.complete(key, ownerToken, result, retention))
                .subscribeOn(scheduler);
    }

    Mono<Void> fail(String key, String ownerToken, String code, String message, Duration retention) {
        NonBlockingIdempotencyStore calls = nonBlocking;
        if (calls != null) {
            return resumed(() -> calls.failAsync(key, ownerToken, code, message, retention))
                    .then();
        }
        return Mono.<Void>fromRunnable(() -> store.fail(key, ownerToken, code, message, retention))
                .subscribeOn(scheduler);
    }

    /**
     * A non-blocking call, made when subscribed, that goes on on the parallel scheduler once the store
     * answered. A cancellation does not cancel a call that was sent: the store finishes it.
     */
    private static <T> Mono<T> resumed(Supplier<CompletionStage<T>> call) {
        return Mono.fromFuture(() -> call.get().toCompletableFuture(), true).publishOn(Schedulers.parallel());
    }
}
