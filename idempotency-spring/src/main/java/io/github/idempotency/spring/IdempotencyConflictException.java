package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyException;
import java.time.Duration;
import java.time.Instant;

/**
 * Another call with the same key is in flight: this one did not run. Retry after {@link
 * #retryAfter()}, when the other call's lease ends at the latest; Spring MVC answers it with {@code
 * 409 Conflict} and a {@code Retry-After} header.
 */
public class IdempotencyConflictException extends IdempotencyException {

    private final String key;
    private final String scope;
    private final Instant expiresAt;
    private final Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param key the key in flight
     * @param scope the call's scope
     * @param expiresAt when the lease in flight ends unless renewed
     * @param retryAfter how long to wait before retrying, never negative
     */
    public IdempotencyConflictException(String key, String scope, Instant expiresAt, Duration retryAfter) {
        super("a call with key " + key + " is in flight; retry after " + retryAfter.toMillis() + " ms");
        this.key = key;
        this.scope = scope;
        this.expiresAt = expiresAt;
        this.retryAfter = retryAfter.isNegative() ? Duration.ZERO : retryAfter;
    }

    /**
     * Returns the key in flight.
     *
     * @return the key
     */
    public String key() {
        return key;
    }

    /**
     * Returns the call's scope.
     *
     * @return the scope
     */
    public String scope() {
        return scope;
    }

    /**
     * Returns when the lease in flight ends unless its holder renews it.
     *
     * @return the lease's expiry
     */
    public Instant expiresAt() {
        return expiresAt;
    }

    /**
     * Returns how long to wait before retrying: the time left on the lease in flight.
     *
     * @return the wait, zero or positive
     */
    public Duration retryAfter() {
        return retryAfter;
    }
}
