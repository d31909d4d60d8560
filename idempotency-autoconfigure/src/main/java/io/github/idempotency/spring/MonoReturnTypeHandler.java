package io.github.idempotency.spring;

import io.github.idempotency.core.BeginResult;
import java.time.Duration;
import org.springframework.core.ResolvableType;
import reactor.core.publisher.Mono;

/**
 * Protects methods that return Reactor's {@code Mono}. Nothing happens until the {@code Mono} is
 * subscribed: each subscription takes the lease, and only a subscription that acquires it invokes
 * the method and subscribes to its {@code Mono}. The lease is renewed until the value (or
 * completion, or error) arrives, and the record is settled before the subscriber sees it: a value is
 * stored, an empty completion is stored as {@code null} and replayed as {@code Mono.empty()}, an
 * error is recorded by the failure policy. A subscriber that cancels (a client that disconnects) does
 * not cancel the method's {@code Mono}: its work may already be under way downstream, so it runs to its
 * end, with the lease renewed, and settles the record with its real outcome.
 *
 * <p>A replay is {@code Mono.just(value)} or {@code Mono.empty()}; a replayed failure, a conflict and
 * an unreachable store are {@code Mono.error}. A conflict wait polls with {@code Mono.delay}, never
 * blocking a thread. The store is called on the subscribing and signalling threads. Loaded only when
 * Reactor is on the class path.
 *
 * <p>A subscription made inside a thread-bound transaction is refused with an {@code
 * IllegalStateException} ({@code Mono.error}) before any lease is taken: the record could not follow
 * that transaction's outcome.
 */
public final class MonoReturnTypeHandler implements IdempotentReturnTypeHandler {

    @Override
    public boolean canHandleReturnType(Class<?> returnType) {
        return returnType == Mono.class;
    }

    @Override
    public ResolvableType resultType(ResolvableType returnType) {
        return IdempotentReturnTypes.typeArgument(returnType);
    }

    @Override
    public Mono<Object> handle(IdempotentCall call) {
        return Mono.defer(() -> {
            call.refuseTransaction();
            return attempt(call, call.backoff());
        });
    }

    private Mono<Object> attempt(IdempotentCall call, IdempotentCall.Backoff backoff) {
        BeginResult begin = call.begin();
        return switch (begin.outcome()) {
            case ACQUIRED -> run(call, call.lease(begin));
            case REPLAY -> Mono.justOrEmpty(call.replay(begin));
            case CONFLICT -> {
                Duration pause = backoff.next();
                yield pause == null
                        ? Mono.error(call.conflict(begin))
                        : Mono.delay(pause).then(Mono.defer(() -> attempt(call, backoff)));
            }
        };
    }

    private static Mono<Object> run(IdempotentCall call, IdempotentCall.Lease lease) {
        Object source;
        try {
            source = call.proceed();
        } catch (Throwable failure) {
            lease.failed(failure);
            return Mono.error(failure);
        }
        if (source == null) {
            IllegalStateException failure =
                    new IllegalStateException(call.description() + " returned null instead of a Mono");
            lease.failed(failure);
            return Mono.error(failure);
        }
        Mono<Object> settled = ((Mono<?>) source).materialize().flatMap(signal -> {
            if (signal.isOnError()) {
                Throwable failure = signal.getThrowable();
                lease.failed(failure);
                return Mono.error(failure);
            }
            Object value = signal.get();
            lease.completed(value);
            return Mono.justOrEmpty(value);
        });
        // subscribed apart from the caller, in the caller's context, so a cancellation stops only the waiting
        return Mono.deferContextual(
                context -> Mono.fromFuture(settled.contextWrite(context).toFuture(), true));
    }
}
