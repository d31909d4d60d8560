package io.github.idempotency.spring;

import java.time.Duration;

/** The rules every lease, heartbeat, retention and wait must follow, wherever it was configured. */
final class IdempotentDurations {

    private IdempotentDurations() {}

    static void check(
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
