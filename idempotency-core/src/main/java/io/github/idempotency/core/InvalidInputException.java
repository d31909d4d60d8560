package io.github.idempotency.core;

/** Key input that has no deterministic encoding: an unsupported type, a cycle, or two map keys that normalise to the same text. */
public class InvalidInputException extends IdempotencyException {

    /**
     * Creates the exception.
     *
     * @param message what was wrong, naming the offending input
     */
    public InvalidInputException(String message) {
        super(message);
    }
}
