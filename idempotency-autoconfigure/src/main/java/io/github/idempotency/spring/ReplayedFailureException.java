package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyException;
import org.jspecify.annotations.Nullable;

/**
 * The first call with this key failed with a recorded exception, and the failure is replayed
 * instead of running the method again. {@link #code()} is the original exception's class name and
 * {@link #failureMessage()} its message.
 */
public class ReplayedFailureException extends IdempotencyException {

    private final String key;
    private final String scope;
    private final String code;
    private final String failureMessage;
    private final @Nullable Class<? extends Throwable> failureType;

    /**
     * Creates the exception.
     *
     * @param key the key whose failure is replayed
     * @param scope the call's scope
     * @param code the recorded failure code: the original exception's class name
     * @param failureMessage the recorded message, possibly empty
     * @param failureType the recorded exception type, when it is one this method records
     */
    public ReplayedFailureException(
            String key,
            String scope,
            String code,
            String failureMessage,
            @Nullable Class<? extends Throwable> failureType) {
        super("replayed failure for key " + key + ": " + code
                + (failureMessage.isEmpty() ? "" : ": " + failureMessage));
        this.key = key;
        this.scope = scope;
        this.code = code;
        this.failureMessage = failureMessage;
        this.failureType = failureType;
    }

    /**
     * Returns the key whose failure is replayed.
     *
     * @return the key
     */
    public String key() {
        return key;
    }

    /**
     * Returns the call's scope.
     *
     * @return the scope
     */
    public String scope() {
        return scope;
    }

    /**
     * Returns the recorded failure code: the class name of the exception the first call threw (cut
     * to 64 characters by the store).
     *
     * @return the code
     */
    public String code() {
        return code;
    }

    /**
     * Returns the recorded message of the exception the first call threw (cut to 512 characters by
     * the store).
     *
     * @return the message, empty when there was none
     */
    public String failureMessage() {
        return failureMessage;
    }

    /**
     * Returns the type of the exception the first call threw, when it is one of the types this
     * method records.
     *
     * @return the type, or {@code null} when the code names no recorded type
     */
    public @Nullable Class<? extends Throwable> failureType() {
        return failureType;
    }
}
