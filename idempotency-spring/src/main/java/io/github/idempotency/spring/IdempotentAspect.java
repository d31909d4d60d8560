package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.spring.json.JsonCodec;
import java.lang.reflect.Method;
import java.time.Clock;
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

/**
 * Applies {@link Idempotent}: builds the call's key, takes a lease on it, runs the method while a
 * heartbeat renews the lease, and stores the result; a duplicate gets the stored result (or the
 * recorded failure) without running the method, or an {@link IdempotencyConflictException} while
 * the first call is in flight. Asynchronous return types are left to the {@link
 * IdempotentReturnTypeHandler} that takes them: their record is settled when the value arrives.
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

    private final IdempotentDefaults defaults;
    private final IdempotentExpressions expressions = new IdempotentExpressions();
    private final IdempotentKeyBuilder keys;
    private final IdempotencyListeners listeners;
    private final IdempotentRuntime runtime;
    private final List<IdempotentReturnTypeHandler> returnTypeHandlers;
    private final Map<MethodClassKey, IdempotentMethod> methods = new ConcurrentHashMap<>();
    private int order = Ordered.LOWEST_PRECEDENCE - 100;

    /**
     * Creates the aspect.
     *
     * @param store the store holding the records
     * @param defaults what a method uses where its annotation says nothing
     * @param json writes and reads the stored return values
     * @param tenantResolver the tenant of calls whose annotation names none, or {@code null} for the
     *     default tenant
     * @param listeners told of every call's outcome
     * @param heartbeat renews the leases of running calls
     * @param clock the clock that says how long a conflicting caller should wait
     * @param returnTypeHandlers the handlers of asynchronous return types, first match wins; methods
     *     no handler takes run synchronously
     */
    public IdempotentAspect(
            IdempotencyStore store,
            IdempotentDefaults defaults,
            JsonCodec json,
            @Nullable TenantResolver tenantResolver,
            List<IdempotencyListener> listeners,
            IdempotencyHeartbeat heartbeat,
            Clock clock,
            List<IdempotentReturnTypeHandler> returnTypeHandlers) {
        this(
                store,
                defaults,
                json,
                tenantResolver,
                listeners,
                heartbeat,
                clock,
                returnTypeHandlers,
                IdempotentTransactions.NONE);
    }

    /**
     * Creates the aspect, settling calls made inside a transaction with that transaction.
     *
     * @param store the store holding the records
     * @param defaults what a method uses where its annotation says nothing
     * @param json writes and reads the stored return values
     * @param tenantResolver the tenant of calls whose annotation names none, or {@code null} for the
     *     default tenant
     * @param listeners told of every call's outcome
     * @param heartbeat renews the leases of running calls
     * @param clock the clock that says how long a conflicting caller should wait
     * @param returnTypeHandlers the handlers of asynchronous return types, first match wins; methods
     *     no handler takes run synchronously
     * @param transactions the transactions the calls may run in ({@link SpringTransactions}), or
     *     {@link IdempotentTransactions#NONE}
     */
    public IdempotentAspect(
            IdempotencyStore store,
            IdempotentDefaults defaults,
            JsonCodec json,
            @Nullable TenantResolver tenantResolver,
            List<IdempotencyListener> listeners,
            IdempotencyHeartbeat heartbeat,
            Clock clock,
            List<IdempotentReturnTypeHandler> returnTypeHandlers,
            IdempotentTransactions transactions) {
        this.defaults = defaults;
        this.keys = new IdempotentKeyBuilder(expressions, tenantResolver, defaults.strictTenant());
        this.listeners = new IdempotencyListeners(listeners);
        IdempotentResultCodec codec = new IdempotentResultCodec(json, defaults.storedHeaders());
        this.runtime = new IdempotentRuntime(
                store,
                codec,
                new IdempotentCallSettler(store, codec, this.listeners),
                heartbeat,
                this.listeners,
                clock,
                transactions);
        this.returnTypeHandlers = List.copyOf(returnTypeHandlers);
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
     * Runs the annotated method at most once per key. The pointcut binds no argument: a bound
     * annotation would make Spring match the pointcut again on every call, which cost more than
     * replaying a stored response; the annotation is read once per method instead.
     *
     * @param joinPoint the call
     * @return the method's result, or the stored result of the first call with the same key; for an
     *     asynchronous return type, a future or {@code Mono} that delivers either
     * @throws Throwable what the method throws; {@link IdempotencyKeyException}, {@link
     *     IdempotencyConflictException}, {@link ReplayedFailureException} or a store exception when the
     *     method did not run (an asynchronous return type delivers the last three as its failure)
     */
    @Around("@annotation(io.github.idempotency.spring.Idempotent)")
    public @Nullable Object around(ProceedingJoinPoint joinPoint) throws Throwable {
        Method method = ((MethodSignature) joinPoint.getSignature()).getMethod();
        Object target = joinPoint.getTarget();
        Class<?> targetClass = target == null ? method.getDeclaringClass() : AopUtils.getTargetClass(target);
        IdempotentMethod resolved;
        IdempotentKeyBuilder.KeyInputs inputs;
        String key;
        String fingerprint;
        try {
            resolved = methods.computeIfAbsent(
                    new MethodClassKey(method, targetClass),
                    ignored -> IdempotentMethod.resolve(
                            method,
                            targetClass,
                            annotation(method, targetClass),
                            defaults,
                            expressions,
                            returnTypeHandlers));
            inputs = keys.inputs(resolved, method, joinPoint.getArgs());
            key = keys.build(resolved, inputs);
            fingerprint = keys.fingerprint(resolved, method, joinPoint.getArgs());
        } catch (IdempotencyKeyException ex) {
            listeners.notify(annotation(method, targetClass).scope(), IdempotencyOutcome.REJECTED);
            throw ex;
        }
        return resolved.handler()
                .handle(new IdempotentCall(runtime, resolved, keys, inputs, key, fingerprint, joinPoint));
    }

    /**
     * The annotation the pointcut matched: on the method as the target class declares it, as AspectJ
     * matches {@code @annotation}.
     */
    private static Idempotent annotation(Method method, Class<?> targetClass) {
        Idempotent annotation =
                AopUtils.getMostSpecificMethod(method, targetClass).getAnnotation(Idempotent.class);
        return annotation != null ? annotation : Objects.requireNonNull(method.getAnnotation(Idempotent.class));
    }
}
