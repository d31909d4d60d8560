package io.github.idempotency.core.memory;

import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.RecordState;
import java.util.Comparator;
import java.util.concurrent.ConcurrentSkipListSet;
import org.jspecify.annotations.Nullable;

/**
 * The finished ({@code complete} or {@code failed}) records in the order they finished, so that a
 * full store can give up its oldest finished record in O(log n), without looking at the others.
 *
 * <p>An entry names a record by key and finishing time. The store adds one when it keeps a finished
 * record and removes it when that record leaves the store by any path, so the index holds about as
 * many entries as there are finished records. An entry may outlive its record in a rare race (a key
 * deleted, begun and finished again within one millisecond); {@link #pollOldest()} hands it out
 * anyway, and the store checks the record before evicting it.
 */
final class FinishedIndex {

    /** A finished record: when it finished, in epoch milliseconds, and its canonical key. */
    record Entry(long finishedAt, String key) {}

    private static final Comparator<Entry> OLDEST_FIRST =
            Comparator.comparingLong(Entry::finishedAt).thenComparing(Entry::key);

    private final ConcurrentSkipListSet<Entry> entries = new ConcurrentSkipListSet<>(OLDEST_FIRST);

    /** Notes a finished record; records in progress are ignored. */
    void add(IdempotencyRecord record) {
        if (isFinished(record)) {
            entries.add(entryOf(record));
        }
    }

    /** Forgets a record that left the store; records in progress are ignored. */
    void remove(IdempotencyRecord record) {
        if (isFinished(record)) {
            entries.remove(entryOf(record));
        }
    }

    /** Takes out and returns the entry of the record that finished first, or {@code null} when none is left. */
    @Nullable
    Entry pollOldest() {
        return entries.pollFirst();
    }

    /** Whether the record is the one an entry names. */
    static boolean names(Entry entry, IdempotencyRecord record) {
        return isFinished(record) && record.updatedAt().toEpochMilli() == entry.finishedAt();
    }

    static boolean isFinished(IdempotencyRecord record) {
        return record.state() != RecordState.IN_PROGRESS;
    }

    private static Entry entryOf(IdempotencyRecord record) {
        return new Entry(record.updatedAt().toEpochMilli(), record.key());
    }
}
