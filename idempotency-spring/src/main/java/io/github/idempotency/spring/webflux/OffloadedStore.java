package io.github.idempotency.spring.webflux;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyStore;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The store's blocking calls, each run on a bounded scheduler so that no event-loop thread waits for
 * Redis, a database or a lock. What follows a call runs on that scheduler's thread too.
 */
final class OffloadedStore {

    private final IdempotencyStore store;
    private final Scheduler scheduler;

    OffloadedStore(IdempotencyStore store, Scheduler scheduler) {
        this.store = store;
        this.scheduler = scheduler;
    }

    IdempotencyStore store() {
        return store;
    }

    Mono<BeginResult> tryBegin(String key, Duration lease) {
        return Mono.fromCallable(() -> store.tryBegin(key, lease)).subscribeOn(scheduler);
    }

    Mono<Void> complete(String key, String ownerToken, byte[] result, Duration retention) {
        return Mono.<Void>fromRunnable(() -> store.complete(key, ownerToken, result, retention))
                .subscribeOn(scheduler);
    }

    Mono<Void> fail(String key, String ownerToken, String code, String message, Duration retention) {
        return Mono.<Void>fromRunnable(() -> store.fail(key, ownerToken, code, message, retention))
                .subscribeOn(scheduler);
    }
}
