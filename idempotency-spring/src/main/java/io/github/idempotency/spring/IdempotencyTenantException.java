package io.github.idempotency.spring;

import io.github.idempotency.core.InvalidTenantException;

/**
 * The tenant of an {@code @Idempotent} call was refused: with {@code idempotency.strict-tenant=true}
 * a tenant that normalisation would change is not accepted. The method did not run; Spring MVC
 * answers {@code 400} problem details, as the {@code Idempotency-Key} filter does.
 */
public class IdempotencyTenantException extends IdempotencyKeyException {

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the method
     * @param cause the refusal of the tenant
     */
    public IdempotencyTenantException(String message, InvalidTenantException cause) {
        super(message, cause);
    }
}
