package io.github.idempotency.core;

/** A scope that is not 1 to 32 bytes of {@code [a-z0-9_-]} after trimming and lower-casing. */
public class InvalidScopeException extends IdempotencyException {

    /**
     * Creates the exception.
     *
     * @param message what was wrong, naming the offending input
     */
    public InvalidScopeException(String message) {
        super(message);
    }
}
