package io.github.idempotency.spring;

import io.github.idempotency.core.BeginResult;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.springframework.core.ResolvableType;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Protects methods that return Reactor's {@code Mono}. Nothing happens until the {@code Mono} is
 * subscribed: each subscription takes the lease, and only a subscription that acquires it invokes
 * the method and subscribes to its {@code Mono}. The lease is renewed until the value (or
 * completion, or error) arrives, and the record is settled before the subscriber sees it: a value is
 * stored, an empty completion is stored as {@code null} and replayed as {@code Mono.empty()}, an
 * error is recorded by the failure policy. A subscriber that cancels (a client that disconnects) does
 * not cancel a call whose lease is being taken or was taken: the method's work may already be under
 * way downstream, so it runs to its end, with the lease renewed, and settles the record with its real
 * outcome. A cancellation during a conflict wait stops the wait; nothing was taken.
 *
 * <p>A replay is {@code Mono.just(value)} or {@code Mono.empty()}; a replayed failure, a conflict and
 * an unreachable store are {@code Mono.error}. A conflict wait polls with {@code Mono.delay}, never
 * blocking a thread.
 *
 * <p>The store is called through its blocking methods, even when it has non-blocking ones: settling a
 * call (encoding the result, storing it again later when the store could not be reached, recording a
 * failure instead of a result too large) is shared with synchronous methods, and blocks. A store call (taking the lease, which also reads the record a replay
 * answers with, and settling the record) made on a thread that must not block, a Reactor {@code
 * NonBlocking} thread such as a Reactor Netty event loop in Spring WebFlux or the timer thread of a
 * conflict wait, runs on a bounded scheduler instead, by default {@link Schedulers#boundedElastic()};
 * the method is then invoked on that scheduler's thread, right after its lease was taken. On any
 * other thread (a caller that blocks on the {@code Mono}, a servlet thread) the store is called on
 * the subscribing and signalling threads. Loaded only when Reactor is on the class path.
 *
 * <p>The key is built when the method is called, and again when the {@code Mono} is subscribed if
 * the {@link ReactiveCallerResolver} finds the caller in the subscriber's Reactor context: the
 * tenant of a method whose annotation names none, and the principal of a method scoped to the
 * principal when the calling thread had none (a WebFlux request has no thread of its own). A tenant
 * that strict tenant mode refuses is then a {@code Mono.error}.
 *
 * <p>A subscription made inside a thread-bound transaction is refused with an {@code
 * IllegalStateException} ({@code Mono.error}) before any lease is taken, on the subscribing thread:
 * the record could not follow that transaction's outcome.
 */
public final class MonoReturnTypeHandler implements IdempotentReturnTypeHandler {

    private final Scheduler storeScheduler;
    private final ReactiveCallerResolver callers;

    /** Creates the handler, calling the store on {@link Schedulers#boundedElastic()}. */
    public MonoReturnTypeHandler() {
        this(Schedulers.boundedElastic());
    }

    /**
     * Creates the handler, calling the store on the given scheduler.
     *
     * @param storeScheduler where the store is called and the method invoked; must allow blocking (a
     *     bounded elastic scheduler, not {@code Schedulers.parallel()})
     */
    public MonoReturnTypeHandler(Scheduler storeScheduler) {
        this(storeScheduler, ReactiveCallerResolver.NONE);
    }

    /**
     * Creates the handler, calling the store on the given scheduler and keying each call with the
     * caller found in the subscriber's context.
     *
     * @param storeScheduler where the store is called and the method invoked; must allow blocking
     * @param callers finds the tenant and principal of a subscription
     */
    public MonoReturnTypeHandler(Scheduler storeScheduler, ReactiveCallerResolver callers) {
        this.storeScheduler = storeScheduler;
        this.callers = callers;
    }

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
            return subscribed(call).flatMap(keyed -> attempt(keyed, keyed.backoff()));
        });
    }

    /** The call keyed with the tenant and principal that the subscriber's context names. */
    private Mono<IdempotentCall> subscribed(IdempotentCall call) {
        IdempotentKeyBuilder.KeyInputs inputs = call.inputs();
        Mono<IdempotentKeyBuilder.KeyInputs> withTenant = inputs.resolvedTenant()
                ? callers.tenant().map(tenant -> inputs.withTenant(tenant.orElse(null)))
                : Mono.empty();
        return withTenant
                .defaultIfEmpty(inputs)
                .flatMap(found -> call.lacksPrincipal()
                        ? callers.principal().map(found::withPrincipal).defaultIfEmpty(found)
                        : Mono.just(found))
                .map(call::withInputs);
    }

    private Mono<Object> attempt(IdempotentCall call, IdempotentCall.Backoff backoff) {
        Mono<Object> taken = offloaded(call::begin).flatMap(begin -> switch (begin.outcome()) {
            case ACQUIRED -> run(call, call.lease(begin));
            case REPLAY -> Mono.justOrEmpty(call.replay(begin));
            case CONFLICT -> Mono.error(new InFlight(begin));
        });
        return detached(taken).onErrorResume(InFlight.class, inFlight -> {
            Duration pause = backoff.next();
            return pause == null
                    ? Mono.error(call.conflict(inFlight.begin))
                    : Mono.delay(pause).then(Mono.defer(() -> attempt(call, backoff)));
        });
    }

    private Mono<Object> run(IdempotentCall call, IdempotentCall.Lease lease) {
        Object source;
        try {
            source = call.proceed();
        } catch (Throwable failure) {
            return settledFailure(lease, failure);
        }
        if (source == null) {
            return settledFailure(
                    lease, new IllegalStateException(call.description() + " returned null instead of a Mono"));
        }
        return ((Mono<?>) source).materialize().flatMap(signal -> {
            if (signal.isOnError()) {
                return settledFailure(lease, signal.getThrowable());
            }
            Object value = signal.get();
            return offloaded(() -> {
                lease.completed(value);
                return value;
            });
        });
    }

    private Mono<Object> settledFailure(IdempotentCall.Lease lease, Throwable failure) {
        return offloaded(() -> {
                    lease.failed(failure);
                    return null;
                })
                .then(Mono.error(failure));
    }

    /**
     * A blocking step: on the store scheduler when subscribed on a thread that must not block (a
     * Reactor {@code NonBlocking} thread: a Reactor Netty event loop, {@code Schedulers.parallel()},
     * the timer of a conflict wait), else on the subscribing thread, as before any offloading. A
     * {@code null} result completes empty.
     */
    private <T> Mono<T> offloaded(Callable<T> step) {
        return Mono.defer(() -> {
            Mono<T> called = Mono.fromCallable(step);
            return Schedulers.isInNonBlockingThread() ? called.subscribeOn(storeScheduler) : called;
        });
    }

    /**
     * Subscribes apart from the caller, in the caller's context, so a cancellation stops only the
     * waiting: a lease being taken, or taken, is always followed by the method and its settling.
     */
    private static Mono<Object> detached(Mono<Object> work) {
        return Mono.deferContextual(
                context -> Mono.fromFuture(work.contextWrite(context).toFuture(), true));
    }

    /** A key in flight, carried out of the detached part to the conflict wait, which may be cancelled. */
    private static final class InFlight extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient BeginResult begin;

        InFlight(BeginResult begin) {
            super(null, null, false, false);
            this.begin = begin;
        }
    }
}
