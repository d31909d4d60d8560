package io.github.idempotency.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link Clock} that stands still until a test moves it; safe to read and move from any thread. */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /**
     * Creates a clock showing {@code start} in UTC.
     *
     * @param start the first instant the clock shows
     */
    public MutableClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * Creates a clock showing a fixed, whole-second instant in UTC, so tests do not depend on the
     * time they run.
     *
     * @return a new clock at 2030-01-01T00:00:00Z
     */
    public static MutableClock startingAtFixedInstant() {
        return new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    }

    /**
     * Moves the clock forward.
     *
     * @param duration how far; must not be negative
     * @throws IllegalArgumentException for a negative duration
     */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a clock only moves forward, not by " + duration);
        }
        now.updateAndGet(instant -> instant.plus(duration));
    }

    /**
     * Sets the clock to an instant, earlier or later.
     *
     * @param instant the instant the clock shows from now on
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** Returns a view in another zone that shares this clock's instant, so moving either moves both. */
    @Override
    public Clock withZone(ZoneId zone) {
        return new MutableClock(now, zone);
    }
}
