package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyException;

/**
 * A call reused the key of an earlier call with a different payload: its fingerprint (the
 * annotation's {@code fingerprint} expression) differs from the one stored with the earlier call's
 * result or recorded failure. The method did not run, and nothing was replayed; Spring MVC answers
 * {@code 422} problem details, as the {@code Idempotency-Key} filter does.
 */
public class IdempotencyMismatchException extends IdempotencyException {

    private final String key;
    private final String scope;

    /**
     * Creates the exception.
     *
     * @param key the key both calls share
     * @param scope the scope of the key
     * @param description the method, as error messages name it
     */
    public IdempotencyMismatchException(String key, String scope, String description) {
        super("Key " + key + " of " + description + " was first used with a different payload (fingerprint);"
                + " a key must not be reused for another request");
        this.key = key;
        this.scope = scope;
    }

    /**
     * Returns the key both calls share.
     *
     * @return the key
     */
    public String key() {
        return key;
    }

    /**
     * Returns the scope of the key.
     *
     * @return the scope
     */
    public String scope() {
        return scope;
    }
}
