package io.github.idempotency.benchmarks;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system clock plus an offset that the benchmark moves forward between measured batches, so that
 * records expire at the rate new ones arrive and the number of live records stays where it is set.
 * Reading it costs what reading the system clock costs, plus one volatile read.
 */
final class SteppedClock extends Clock {

    private final AtomicLong offsetMillis = new AtomicLong();

    void advance(long millis) {
        offsetMillis.addAndGet(millis);
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + offsetMillis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a benchmark clock has one zone");
    }
}
