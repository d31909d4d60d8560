package io.github.idempotency.core;

/** The state of an {@link IdempotencyRecord}. */
public enum RecordState {
    /** A caller holds the lease and is running the operation. */
    IN_PROGRESS("in_progress"),
    /** The operation finished; its result is replayed until retention ends. */
    COMPLETE("complete"),
    /** The operation failed and the failure is recorded; it is replayed until retention ends. */
    FAILED("failed");

    private final String wireName;

    RecordState(String wireName) {
        this.wireName = wireName;
    }

    /**
     * Returns the name stored by durable stores and used by the Go reference.
     *
     * @return {@code in_progress}, {@code complete} or {@code failed}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Returns the state with the given stored name.
     *
     * @param wireName {@code in_progress}, {@code complete} or {@code failed}
     * @return the state
     * @throws IllegalArgumentException for any other name
     */
    public static RecordState fromWireName(String wireName) {
        for (RecordState state : values()) {
            if (state.wireName.equals(wireName)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown record state: " + wireName);
    }
}
