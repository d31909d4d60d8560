package io.github.idempotency.core;

/** The base of every exception this library throws, so callers can catch them all at once. */
public class IdempotencyException extends RuntimeException {

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, naming the key or input where there is one
     */
    public IdempotencyException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public IdempotencyException(String message, Throwable cause) {
        super(message, cause);
    }
}
