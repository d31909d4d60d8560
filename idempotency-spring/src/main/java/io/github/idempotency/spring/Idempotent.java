package io.github.idempotency.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated method once per key; every later call with the same key gets the stored result
 * instead, across all instances that share the store.
 *
 * <pre>{@code
 * @Idempotent(scope = "payments", key = "#request.orderId", fingerprint = "#request")
 * public Payment pay(PaymentRequest request) { ... }
 * }</pre>
 *
 * <p>A duplicate that arrives while the first call runs gets an {@link IdempotencyConflictException}.
 * A key expression that yields {@code null} or cannot be evaluated is an error: the method never
 * runs unprotected.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Idempotent {

    /**
     * The operation's scope: 1 to 32 characters of {@code [a-z0-9_-]} (upper case is lower-cased).
     *
     * @return the scope
     */
    String scope();

    /**
     * A SpEL expression over the arguments giving the key's input: a single value ({@code
     * #request.orderId}), or a map literal ({@code {id: #r.id, amount: #r.amount}}) for named inputs.
     * Arguments are {@code #name} when compiled with {@code -parameters}, and always {@code #p0} /
     * {@code #a0}.
     *
     * @return the key expression
     */
    String key();

    /**
     * A SpEL expression over the arguments giving the tenant. Empty uses the {@link TenantResolver}
     * bean, or the default tenant when there is none.
     *
     * @return the tenant expression
     */
    String tenant() default "";

    /**
     * Whether the key is scoped to the caller: when the call runs in a web request with an
     * authenticated principal, the principal's name is part of the key, as the {@code
     * Idempotency-Key} filter does, so one caller never gets another caller's stored result (and so
     * never skips the authorisation inside the method). Outside a web request, or for an anonymous
     * request, the key is the same either way. Set {@code false} only for an operation whose stored
     * result any caller may see.
     *
     * @return whether the principal is part of the key
     */
    boolean perPrincipal() default true;

    /**
     * A SpEL expression over the arguments giving the payload the key stands for ({@code #request},
     * or {@code {#r.amount, #r.currency}}); empty for none. Its canonical hash is stored with the
     * result or recorded failure, and a later call with the same key but another fingerprint gets an
     * {@link IdempotencyMismatchException} (in Spring MVC {@code 422}) instead of the stored result.
     *
     * @return the fingerprint expression
     */
    String fingerprint() default "";

    /**
     * The lease, as a duration ({@code 30s}, {@code PT30S}). Empty uses {@code idempotency.lease}.
     *
     * @return the lease
     */
    String lease() default "";

    /**
     * The longest time between two renewals of the running call's lease. Empty uses {@code idempotency.heartbeat}.
     *
     * @return the heartbeat interval
     */
    String heartbeat() default "";

    /**
     * How long the result is replayed. Empty uses {@code idempotency.retention}.
     *
     * @return the retention
     */
    String retention() default "";

    /**
     * How long a recorded failure is replayed. Empty uses {@code idempotency.failure-retention}.
     *
     * @return the failure retention
     */
    String failureRetention() default "";

    /**
     * Exception types that are recorded and replayed to duplicates (with those of {@code
     * idempotency.aspect.recorded-exceptions}). Any other exception frees the key for a retry.
     *
     * @return the recorded exception types
     */
    Class<? extends Throwable>[] recordFailures() default {};

    /**
     * How long a duplicate waits for the call in flight and then replays its result. Empty uses
     * {@code idempotency.aspect.conflict-wait}; zero answers a conflict at once.
     *
     * @return the wait
     */
    String conflictWait() default "";
}
