package io.github.idempotency.core.memory;

import java.time.Duration;
import java.time.Instant;

/** Lease and retention arithmetic in whole milliseconds, the precision records carry. */
final class Expiry {

    /** The latest expiry a record can carry, so absurd durations cannot overflow an {@link Instant}. */
    static final long LATEST = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    private Expiry() {}

    /**
     * Returns a duration in milliseconds: {@code fallback}'s when it is zero or negative, at least one
     * millisecond when it is positive (so a tiny lease is not expired on arrival).
     */
    static long millis(Duration duration, Duration fallback) {
        Duration effective = duration.isZero() || duration.isNegative() ? fallback : duration;
        if (effective.isZero() || effective.isNegative()) {
            return 0;
        }
        try {
            return Math.max(1, effective.toMillis());
        } catch (ArithmeticException tooLong) {
            return LATEST;
        }
    }

    /** Returns {@code now + millis}, no later than {@link #LATEST}. */
    static long at(long now, long millis) {
        return millis >= LATEST - now ? LATEST : now + millis;
    }
}
