package io.github.idempotency.core;

/** The store could not be reached or failed; nothing is known about the record, so the caller must not run unprotected. */
public class IdempotencyStoreException extends IdempotencyException {

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause the store client's exception
     */
    public IdempotencyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
