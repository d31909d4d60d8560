package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyConfigurationException;
import java.time.Duration;

/**
 * The rules every lease, heartbeat, retention and wait must follow, wherever it was configured: for
 * the {@code @Idempotent} aspect and the {@code Idempotency-Key} filter alike.
 *
 * <p>The heartbeat may be at most half the lease: a renewal then has a whole interval of margin, so
 * one slow or failed renewal does not lose the lease. A heartbeat just under the lease would leave
 * none, and the key could be taken over while the call still runs.
 */
public final class IdempotentDurations {

    private IdempotentDurations() {}

    /**
     * Checks the durations.
     *
     * @param where names the configuration in the message, such as {@code idempotency}
     * @throws IdempotencyConfigurationException when the lease is not positive, the heartbeat is not
     *     positive or more than half the lease, or a retention or the conflict wait is negative
     */
    public static void check(
            String where,
            Duration lease,
            Duration heartbeat,
            Duration retention,
            Duration failureRetention,
            Duration conflictWait) {
        if (lease.isNegative() || lease.isZero()) {
            throw new IdempotencyConfigurationException(
                    where + ": lease must be positive, was " + lease + ".",
                    "Set the lease to a positive duration, such as 30s.");
        }
        if (heartbeat.isNegative()
                || heartbeat.isZero()
                || heartbeat.multipliedBy(2).compareTo(lease) > 0) {
            throw new IdempotencyConfigurationException(
                    where + ": heartbeat (" + heartbeat + ") must be positive and at most half the lease (" + lease
                            + "), so that a late renewal still finds the lease held.",
                    "Set the heartbeat to at most " + lease.dividedBy(2) + ", or lengthen the lease to at least "
                            + heartbeat.multipliedBy(2) + ".");
        }
        if (retention.isNegative() || failureRetention.isNegative() || conflictWait.isNegative()) {
            throw new IdempotencyConfigurationException(
                    where + ": retention (" + retention + "), failure retention (" + failureRetention
                            + ") and conflict wait (" + conflictWait + ") must not be negative.",
                    "Set them to zero or a positive duration.");
        }
    }
}
