package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyConfigurationException;
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
 * @param storedHeaders the headers of a {@code ResponseEntity} result that are stored and replayed
 *     ({@code idempotency.web.stored-headers}, the {@code Idempotency-Key} filter's list); others
 *     reach the first caller only
 */
public record IdempotentDefaults(
        Duration lease,
        Duration heartbeat,
        Duration retention,
        Duration failureRetention,
        Duration conflictWait,
        List<Class<? extends Throwable>> recordedExceptions,
        boolean strictTenant,
        List<String> storedHeaders) {

    /** The headers of a response that are stored by default: {@code idempotency.web.stored-headers}. */
    public static final List<String> STANDARD_STORED_HEADERS = List.of(
            "Content-Type",
            "Content-Language",
            "Content-Disposition",
            "Location",
            "ETag",
            "Last-Modified",
            "Cache-Control",
            "Expires",
            "Vary");

    /**
     * Checks and copies the arguments.
     *
     * @throws IdempotencyConfigurationException when the lease is not positive, the heartbeat is not
     *     positive or more than half the lease, a retention or the conflict wait is negative, or a
     *     stored header carries credentials
     */
    public IdempotentDefaults {
        IdempotentDurations.check("idempotency", lease, heartbeat, retention, failureRetention, conflictWait);
        recordedExceptions = List.copyOf(recordedExceptions);
        storedHeaders = List.copyOf(storedHeaders);
        for (String header : storedHeaders) {
            if (CredentialHeaders.contains(header)) {
                throw new IdempotencyConfigurationException(
                        "idempotency.web.stored-headers lists " + header + ", which carries credentials.",
                        "Remove " + header + " from idempotency.web.stored-headers: credentials are never stored"
                                + " or replayed.");
            }
        }
    }

    /**
     * Returns the defaults of the {@code idempotency.*} properties: a 30 s lease renewed every 10 s,
     * results replayed for 24 h and recorded failures for 1 h, conflicts answered at once, no recorded
     * exception types beyond each annotation's, lenient tenants, and the filter's stored headers.
     *
     * @return the defaults
     */
    public static IdempotentDefaults standard() {
        return new IdempotentDefaults(
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                Duration.ofHours(24),
                Duration.ofHours(1),
                Duration.ZERO,
                List.of(),
                false,
                STANDARD_STORED_HEADERS);
    }
}
