package io.github.idempotency.core;

/** A key that is not of the form {@code v1:<tenant>:<scope>:<64 lower-case hex>}, or otherwise fails validation. */
public class InvalidKeyException extends IdempotencyException {

    /**
     * Creates the exception.
     *
     * @param message what was wrong, naming the offending input
     */
    public InvalidKeyException(String message) {
        super(message);
    }
}
