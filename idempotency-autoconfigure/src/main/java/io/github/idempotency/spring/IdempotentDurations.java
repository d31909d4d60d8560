package io.github.idempotency.spring;

import java.time.Duration;

/**
 * The rules every lease, heartbeat, retention and wait must follow, wherever it was configured: for
 * the {@code @Idempotent} aspect and the {@code Idempotency-Key} filter alike.
 */
public final class IdempotentDurations {

    private IdempotentDurations() {}

    /**
     * Checks the durations.
     *
     * @param where names the configuration in the message, such as {@code idempotency}
     * @throws IllegalArgumentException when the lease is not positive, the heartbeat is not positive
     *     and shorter than the lease, or a retention or the conflict wait is negative
     */
    public static void check(
            String where,
            Duration lease,
            Duration heartbeat,
            Duration retention,
            Duration failureRetention,
            Duration conflictWait) {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException(where + ": lease must be positive, was " + lease);
        }
        if (heartbeat.isNegative() || heartbeat.isZero() || heartbeat.compareTo(lease) >= 0) {
            throw new IllegalArgumentException(where + ": heartbeat (" + heartbeat
                    + ") must be positive and shorter than the lease (" + lease + ")");
        }
        if (retention.isNegative() || failureRetention.isNegative() || conflictWait.isNegative()) {
            throw new IllegalArgumentException(where + ": retention (" + retention + "), failure retention ("
                    + failureRetention + ") and conflict wait (" + conflictWait + ") must not be negative");
        }
    }
}
