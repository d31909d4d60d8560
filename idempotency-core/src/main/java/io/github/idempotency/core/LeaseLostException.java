package io.github.idempotency.core;

/**
 * The caller no longer holds the lease it names: {@code touch}, {@code complete} and {@code fail}
 * throw this instead of changing a record that is not theirs.
 */
public class LeaseLostException extends IdempotencyException {

    /** Why the lease is no longer the caller's. */
    public enum Reason {
        /** The record is absent or its lease expired. */
        EXPIRED,
        /** The record is no longer in progress: it was completed or failed. */
        NOT_IN_PROGRESS,
        /** Another owner holds the record now: the caller's lease expired and was taken over. */
        NOT_OWNER
    }

    private final String key;
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param key the record's key
     * @param reason why the lease is lost
     */
    public LeaseLostException(String key, Reason reason) {
        super("lease lost for key " + key + ": "
                + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        this.key = key;
        this.reason = reason;
    }

    /**
     * Returns the key whose lease was lost.
     *
     * @return the key
     */
    public String key() {
        return key;
    }

    /**
     * Returns why the lease was lost.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
