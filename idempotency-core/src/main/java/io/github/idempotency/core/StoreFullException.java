package io.github.idempotency.core;

/**
 * A bounded store cannot take a new record: every record it holds is a request still in progress,
 * and finished records, which give way first, are gone. The store itself works; the new request
 * should be retried once some of those in flight have finished.
 */
public class StoreFullException extends TooLargeException {

    /**
     * Creates the exception.
     *
     * @param message what is full, with the limit
     */
    public StoreFullException(String message) {
        super(message);
    }
}
