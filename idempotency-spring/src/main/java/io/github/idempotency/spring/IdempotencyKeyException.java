package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyException;
import org.jspecify.annotations.Nullable;

/**
 * The key of an {@code @Idempotent} call could not be built: the key or tenant expression failed,
 * named an argument that cannot be resolved, or gave {@code null}; or the scope, tenant or inputs
 * are invalid. The method did not run.
 */
public class IdempotencyKeyException extends IdempotencyException {

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the method and the expression
     * @param cause the underlying failure, if any
     */
    public IdempotencyKeyException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
