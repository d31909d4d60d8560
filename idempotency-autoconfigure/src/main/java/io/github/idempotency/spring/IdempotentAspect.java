package io.github.idempotency.spring;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyException;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.RecordState;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies {@link Idempotent}: builds the call's key, takes a lease on it, runs the method while a
 * heartbeat renews the lease, and stores the result; a duplicate gets the stored result (or the
 * recorded failure) without running the method, or an {@link IdempotencyConflictException} while
 * the first call is in flight.
 *
 * <p>Edges: a key that cannot be built throws {@link IdempotencyKeyException} and the method never
 * runs; an unreachable store throws its {@code IdempotencyStoreException} and the method never runs.
 * When the lease was lost while the method ran (it outlived its lease without heartbeats and another
 * caller took the key over), the method's own result or exception still reaches the caller, since
 * the method did run; nothing is written over the new holder's record, and listeners hear {@code
 * LEASE_LOST}.
 */
@Aspect
public class IdempotentAspect implements Ordered {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(10);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(250);

    private final IdempotencyStore store;
    private final IdempotentDefaults defaults;
    private final IdempotentExpressions expressions = new IdempotentExpressions();
    private final IdempotentKeyBuilder keys;
    private final IdempotentResultCodec codec;
    private final IdempotentCallSettler settler;
    private final IdempotencyHeartbeat heartbeat;
    private final IdempotencyListeners listeners;
    private final Clock clock;
    private final Map<MethodClassKey, IdempotentMethod> methods = new ConcurrentHashMap<>();
    private int order = Ordered.LOWEST_PRECEDENCE - 100;

    /**
     * Creates the aspect.
     *
     * @param store the store holding the records
     * @param defaults what a method uses where its annotation says nothing
     * @param mapper the mapper that stores and replays return values
     * @param tenantResolver the tenant of calls whose annotation names none, or {@code null} for the
     *     default tenant
     * @param listeners told of every call's outcome
     * @param heartbeat renews the leases of running calls
     * @param clock the clock that says how long a conflicting caller should wait
     */
    public IdempotentAspect(
            IdempotencyStore store,
            IdempotentDefaults defaults,
            JsonMapper mapper,
            @Nullable TenantResolver tenantResolver,
            List<IdempotencyListener> listeners,
            IdempotencyHeartbeat heartbeat,
            Clock clock) {
        this.store = store;
        this.defaults = defaults;
        this.keys = new IdempotentKeyBuilder(expressions, tenantResolver, defaults.strictTenant());
        this.codec = new IdempotentResultCodec(mapper);
        this.listeners = new IdempotencyListeners(listeners);
        this.settler = new IdempotentCallSettler(store, codec, this.listeners);
        this.heartbeat = heartbeat;
        this.clock = clock;
    }

    /**
     * Sets the aspect's order among other advice on the same method.
     *
     * @param order the order
     */
    public void setOrder(int order) {
        this.order = order;
    }

    @Override
    public int getOrder() {
        return order;
    }

    /**
     * Runs the annotated method at most once per key.
     *
     * @param joinPoint the call
     * @param idempotent the method's annotation
     * @return the method's result, or the stored result of the first call with the same key
     * @throws Throwable what the method throws; {@link IdempotencyKeyException}, {@link
     *     IdempotencyConflictException}, {@link ReplayedFailureException} or a store exception when the
     *     method did not run
     */
    @Around("@annotation(idempotent)")
    public @Nullable Object around(ProceedingJoinPoint joinPoint, Idempotent idempotent) throws Throwable {
        Method method = ((MethodSignature) joinPoint.getSignature()).getMethod();
        Object target = joinPoint.getTarget();
        Class<?> targetClass = target == null ? method.getDeclaringClass() : AopUtils.getTargetClass(target);
        IdempotentMethod resolved;
        String key;
        try {
            resolved = methods.computeIfAbsent(
                    new MethodClassKey(method, targetClass),
                    ignored -> IdempotentMethod.resolve(method, targetClass, idempotent, defaults, expressions));
            key = keys.build(resolved, method, joinPoint.getArgs());
        } catch (IdempotencyKeyException ex) {
            listeners.notify(idempotent.scope(), IdempotencyOutcome.REJECTED);
            throw ex;
        }
        return invoke(resolved, key, joinPoint);
    }

    private @Nullable Object invoke(IdempotentMethod method, String key, ProceedingJoinPoint joinPoint)
            throws Throwable {
        long deadline = System.nanoTime() + method.conflictWait().toNanos();
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            BeginResult begin = begin(method, key);
            switch (begin.outcome()) {
                case ACQUIRED -> {
                    return run(method, key, begin.ownerToken(), joinPoint);
                }
                case REPLAY -> {
                    listeners.notify(method.scope(), IdempotencyOutcome.REPLAYED);
                    return replay(method, begin.record());
                }
                case CONFLICT -> {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !pause(Math.min(backoff.toNanos(), left))) {
                        listeners.notify(method.scope(), IdempotencyOutcome.CONFLICT);
                        IdempotencyRecord record = begin.record();
                        throw new IdempotencyConflictException(
                                key,
                                method.scope(),
                                record.expiresAt(),
                                Duration.between(clock.instant(), record.expiresAt()));
                    }
                    backoff =
                            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        }
    }

    private BeginResult begin(IdempotentMethod method, String key) {
        try {
            return store.tryBegin(key, method.lease());
        } catch (RuntimeException ex) {
            listeners.notify(method.scope(), IdempotencyOutcome.STORE_ERROR);
            throw ex;
        }
    }

    private @Nullable Object run(IdempotentMethod method, String key, String ownerToken, ProceedingJoinPoint call)
            throws Throwable {
        Object result;
        try (IdempotencyHeartbeat.Beat beat =
                heartbeat.start(store, key, ownerToken, method.lease(), method.heartbeat())) {
            result = call.proceed();
        } catch (Throwable failure) {
            settler.failed(method, key, ownerToken, failure);
            throw failure;
        }
        settler.completed(method, key, ownerToken, result);
        return result;
    }

    private @Nullable Object replay(IdempotentMethod method, IdempotencyRecord record) {
        if (record.state() == RecordState.FAILED) {
            String code = Objects.requireNonNullElse(record.errorCode(), "");
            throw new ReplayedFailureException(
                    record.key(),
                    method.scope(),
                    code,
                    Objects.requireNonNullElse(record.errorMessage(), ""),
                    method.recordedType(code));
        }
        byte[] result = Objects.requireNonNullElse(record.result(), new byte[0]);
        try {
            return codec.decode(result, method.returnType());
        } catch (RuntimeException ex) {
            throw new IdempotencyException(
                    "stored result for key " + record.key() + " cannot be read as "
                            + method.returnType().getTypeName() + " (" + method.description() + ")",
                    ex);
        }
    }

    /** Sleeps between polls of a conflicting key; false when interrupted, so the caller stops waiting. */
    private static boolean pause(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos).toMillis(), (int) (nanos % 1_000_000));
            return true;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
