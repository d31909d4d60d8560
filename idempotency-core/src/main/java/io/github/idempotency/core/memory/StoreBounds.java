package io.github.idempotency.core.memory;

import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.StoreFullException;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The memory store's two limits, records and result bytes, and what gives way when one is reached:
 * the record that finished first. Records in progress never give way; a store that holds nothing
 * else refuses new records until some finish.
 *
 * <p>Every path by which a record enters, finishes or leaves the store reports it here, so the
 * counts stay exact without looking at the records.
 */
final class StoreBounds {

    private static final System.Logger LOG = System.getLogger(MemoryIdempotencyStore.class.getName());
    // A store under a flood of new keys evicts on every call; one line a minute says so.
    private static final long LOG_INTERVAL_MILLIS = 60_000;

    private final int maxEntries;
    private final long maxBytes;
    private final Function<FinishedIndex.Entry, @Nullable IdempotencyRecord> evictor;
    private final FinishedIndex finished = new FinishedIndex();
    private final AtomicInteger entries = new AtomicInteger();
    private final AtomicLong resultBytes = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();
    private final AtomicLong nextLogAt = new AtomicLong(Long.MIN_VALUE);
    private volatile boolean refusing;

    /**
     * @param evictor removes the record an entry names if it is still that finished record, and
     *     returns it; returns {@code null} when the record changed or left meanwhile
     */
    StoreBounds(int maxEntries, long maxBytes, Function<FinishedIndex.Entry, @Nullable IdempotencyRecord> evictor) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.evictor = evictor;
    }

    /** Takes a slot for a new record if one is free; says whether it did. */
    boolean tryReserveSlot() {
        int held;
        do {
            held = entries.get();
            if (held >= maxEntries) {
                return false;
            }
        } while (!entries.compareAndSet(held, held + 1));
        roomMade();
        return true;
    }

    /**
     * Takes room for a result of {@code bytes}, evicting the oldest finished records while the
     * results held would exceed the limit.
     *
     * @throws StoreFullException when nothing finished is left to evict
     */
    void reserveBytes(int bytes, long now) {
        if (bytes == 0) {
            return;
        }
        while (resultBytes.addAndGet(bytes) > maxBytes) {
            resultBytes.addAndGet(-bytes);
            if (!evictOldest(now)) {
                throw new StoreFullException("the memory store holds " + resultBytes.get()
                        + " result bytes and no finished record to give way for " + bytes + " more (maxBytes "
                        + maxBytes + ")");
            }
        }
    }

    /** Gives back room taken by {@link #reserveBytes} for a result that was not kept. */
    void unreserveBytes(int bytes) {
        resultBytes.addAndGet(-bytes);
    }

    /** Notes a record that was kept finished; its result bytes were reserved already. */
    void finished(IdempotencyRecord record) {
        finished.add(record);
        roomMade(); // it can give way to the next new key
    }

    /** Notes a record that left the store, freeing its slot and its result bytes. */
    void removed(IdempotencyRecord record) {
        entries.decrementAndGet();
        replaced(record);
        roomMade();
    }

    /** Notes a record freed without a record to show for it (a lease finished with no retention). */
    void removedInProgress() {
        entries.decrementAndGet();
        roomMade();
    }

    /** A new key would no longer be refused. Written only when it changes: every call writing it would contend. */
    private void roomMade() {
        if (refusing) {
            refusing = false;
        }
    }

    /** Notes a record that another took the place of in its slot, freeing its result bytes. */
    void replaced(IdempotencyRecord record) {
        if (FinishedIndex.isFinished(record)) {
            finished.remove(record);
            byte[] result = record.result();
            if (result != null) {
                resultBytes.addAndGet(-result.length);
            }
        }
    }

    /**
     * Evicts the record that finished first, skipping entries whose record changed.
     *
     * @return whether a record was evicted
     */
    boolean evictOldest(long now) {
        FinishedIndex.Entry oldest;
        while ((oldest = finished.pollOldest()) != null) {
            IdempotencyRecord evicted = evictor.apply(oldest);
            if (evicted != null) {
                removed(evicted);
                logEviction(evictions.incrementAndGet(), now);
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the exception for a new key that finds the store full of records in progress, and
     * remembers that new keys are refused until a record finishes or leaves.
     */
    StoreFullException refuse() {
        refusing = true;
        return new StoreFullException("the memory store is full of requests in progress: " + entries.get()
                + " records, none finished that could give way (maxEntries " + maxEntries + ")");
    }

    MemoryIdempotencyStore.Usage usage() {
        return new MemoryIdempotencyStore.Usage(
                entries.get(), maxEntries, resultBytes.get(), maxBytes, evictions.get(), refusing);
    }

    private void logEviction(long count, long now) {
        long due = nextLogAt.get();
        if (now >= due && nextLogAt.compareAndSet(due, now + LOG_INTERVAL_MILLIS)) {
            LOG.log(
                    Level.WARNING,
                    "The memory idempotency store is full ({0} of {1} records, {2} of {3} result bytes): the oldest"
                            + " finished records give way to new ones, so a retry of an evicted key runs again;"
                            + " {4} evicted so far. Raise idempotency.store.memory.max-entries or max-bytes, or"
                            + " use a shared store.",
                    entries.get(),
                    maxEntries,
                    resultBytes.get(),
                    maxBytes,
                    count);
        }
    }
}
