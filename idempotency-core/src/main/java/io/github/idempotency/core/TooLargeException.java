package io.github.idempotency.core;

/**
 * A result over the store's size limit, or a bounded store that is full after pruning expired
 * records. The record is left as it was: an in-progress lease stays held by its owner.
 */
public class TooLargeException extends IdempotencyException {

    /**
     * Creates the exception.
     *
     * @param message what was too large, with the limit
     */
    public TooLargeException(String message) {
        super(message);
    }
}
