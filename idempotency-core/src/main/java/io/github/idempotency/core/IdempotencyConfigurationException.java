package io.github.idempotency.core;

import org.jspecify.annotations.Nullable;

/**
 * A mistake in how idempotency is set up, found at startup: a missing store module, a property out
 * of range, a method the aspect cannot protect. It carries what is wrong and what to do about it,
 * which Spring Boot prints as "APPLICATION FAILED TO START" with a description and an action. Checks
 * of other modules throw it, or a subclass, to be reported the same way.
 */
public class IdempotencyConfigurationException extends IllegalStateException {

    private final String action;

    /**
     * Creates the exception.
     *
     * @param description what is wrong, naming the property, method or module
     * @param action what to change to fix it
     */
    public IdempotencyConfigurationException(String description, String action) {
        this(description, action, null);
    }

    /**
     * Creates the exception with the failure that revealed the mistake.
     *
     * @param description what is wrong, naming the property, method or module
     * @param action what to change to fix it
     * @param cause the underlying failure, if any
     */
    public IdempotencyConfigurationException(String description, String action, @Nullable Throwable cause) {
        super(description, cause);
        this.action = action;
    }

    /**
     * Returns what is wrong; the same text as the message.
     *
     * @return the description
     */
    public String description() {
        return getMessage();
    }

    /**
     * Returns what to change to fix it.
     *
     * @return the action
     */
    public String action() {
        return action;
    }
}
