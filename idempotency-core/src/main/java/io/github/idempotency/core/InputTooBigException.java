package io.github.idempotency.core;

/** Key input with more than {@link IdempotencyKeys#MAX_PARTS} parts, or canonical bytes over {@link IdempotencyKeys#MAX_BYTES}. */
public class InputTooBigException extends IdempotencyException {

    /**
     * Creates the exception.
     *
     * @param message what was wrong, naming the offending input
     */
    public InputTooBigException(String message) {
        super(message);
    }
}
