package io.github.idempotency.spring;

import java.time.Duration;
import java.util.List;

/**
 * What an {@code @Idempotent} method uses where its annotation says nothing. The auto-configuration
 * builds it from the {@code idempotency.*} properties.
 *
 * @param lease how long a lease lasts without a heartbeat; a crashed caller's key is free after it
 * @param heartbeat how often a running call renews its lease; shorter than the lease
 * @param retention how long a result is replayed
 * @param failureRetention how long a recorded failure is replayed
 * @param conflictWait how long a duplicate waits for the call in flight before a conflict; zero
 *     answers at once
 * @param recordedExceptions exception types recorded and replayed, in addition to each annotation's
 * @param strictTenant whether a tenant that normalisation would change is rejected
 */
public record IdempotentDefaults(
        Duration lease,
        Duration heartbeat,
        Duration retention,
        Duration failureRetention,
        Duration conflictWait,
        List<Class<? extends Throwable>> recordedExceptions,
        boolean strictTenant) {

    /**
     * Checks and copies the arguments.
     *
     * @throws IllegalArgumentException when the lease is not positive, the heartbeat is not positive
     *     and shorter than the lease, or a retention or the conflict wait is negative
     */
    public IdempotentDefaults {
        IdempotentDurations.check("idempotency", lease, heartbeat, retention, failureRetention, conflictWait);
        recordedExceptions = List.copyOf(recordedExceptions);
    }
}
