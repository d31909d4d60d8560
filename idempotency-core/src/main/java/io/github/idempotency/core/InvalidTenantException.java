package io.github.idempotency.core;

/** A tenant rejected by strict mode because normalisation would change it (see {@link IdempotencyKeys#strictTenant(String)}). */
public class InvalidTenantException extends IdempotencyException {

    /**
     * Creates the exception.
     *
     * @param message what was wrong, naming the offending input
     */
    public InvalidTenantException(String message) {
        super(message);
    }
}
