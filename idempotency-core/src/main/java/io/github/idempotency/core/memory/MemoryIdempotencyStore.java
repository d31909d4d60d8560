package io.github.idempotency.core.memory;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.BeginResult.Outcome;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.LeaseLostException;
import io.github.idempotency.core.LeaseLostException.Reason;
import io.github.idempotency.core.OwnerTokens;
import io.github.idempotency.core.RecordState;
import io.github.idempotency.core.StoreFullException;
import io.github.idempotency.core.TooLargeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory store for one process: thread-safe, bounded, and never scans the whole map.
 *
 * <p>Each call changes its key in one atomic step ({@link ConcurrentHashMap#compute}). Keys are stored
 * in canonical form, so every spelling that key validation accepts for one key names one record.
 * Timestamps come from the injected {@link Clock} at millisecond precision. Expired records are found
 * through an expiry index of one-second buckets: every write drains a few entries of buckets whose
 * second has passed, so memory stays bounded without a background thread and without any call
 * looking at live records.
 *
 * <p>The store is bounded by records ({@link Options#maxEntries()}) and by the bytes of the results it
 * holds ({@link Options#maxBytes()}). When a new key or a new result would pass a limit, expired
 * records are pruned first, then the finished ({@code complete} or {@code failed}) records give way,
 * the one that finished first first: a retry of an evicted key runs again, as after its retention.
 * Records in progress never give way: only when they alone fill the store is a new key refused, with
 * {@link StoreFullException}. Evictions are counted ({@link #usage()}) and logged at most once a
 * minute. Finding the record to evict costs O(log n); no call looks at the whole store.
 */
public final class MemoryIdempotencyStore implements IdempotencyStore {

    /**
     * Settings of the memory store.
     *
     * @param defaultLease the lease used when a call passes zero or a negative lease; positive
     * @param maxEntries the most records held, in progress or finished; positive
     * @param maxResultBytes the largest result {@code complete} accepts; zero or more
     * @param maxBytes the most result bytes held by all records together; at least {@code
     *     maxResultBytes}
     */
    public record Options(Duration defaultLease, int maxEntries, int maxResultBytes, long maxBytes) {
        /** The seed's default TTL: five minutes. */
        public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);
        /** 200 000 records. */
        public static final int DEFAULT_MAX_ENTRIES = 200_000;
        /** 1 MiB. */
        public static final int DEFAULT_MAX_RESULT_BYTES = 1024 * 1024;
        /** 64 MiB of results. */
        public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

        /**
         * Checks the settings.
         *
         * @throws IllegalArgumentException when the lease is not positive, {@code maxEntries} is not
         *     positive, {@code maxResultBytes} is negative or {@code maxBytes} is below it
         */
        public Options {
            Objects.requireNonNull(defaultLease, "defaultLease");
            if (defaultLease.isZero() || defaultLease.isNegative()) {
                throw new IllegalArgumentException("defaultLease must be positive, was " + defaultLease);
            }
            if (maxEntries <= 0) {
                throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
            }
            if (maxResultBytes < 0) {
                throw new IllegalArgumentException("maxResultBytes must not be negative, was " + maxResultBytes);
            }
            if (maxBytes < maxResultBytes) {
                throw new IllegalArgumentException("maxBytes (" + maxBytes + ") must be at least maxResultBytes ("
                        + maxResultBytes + "), or no result of the largest size could be kept");
            }
        }

        /**
         * Settings with the default byte limit, or {@code maxResultBytes} when that is larger.
         *
         * @param defaultLease the lease used when a call passes zero or a negative lease; positive
         * @param maxEntries the most records held; positive
         * @param maxResultBytes the largest result {@code complete} accepts; zero or more
         */
        public Options(Duration defaultLease, int maxEntries, int maxResultBytes) {
            this(defaultLease, maxEntries, maxResultBytes, Math.max(DEFAULT_MAX_BYTES, maxResultBytes));
        }

        /**
         * Returns the defaults: a five-minute lease, 200 000 entries, 1 MiB results, 64 MiB of results.
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options(DEFAULT_LEASE, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_RESULT_BYTES, DEFAULT_MAX_BYTES);
        }
    }

    /**
     * How full the store is, for health checks and metrics.
     *
     * @param entries the records held, expired ones not yet pruned included
     * @param maxEntries the most records held
     * @param resultBytes the bytes of the results held
     * @param maxBytes the most result bytes held
     * @param evictions how many finished records gave way to new ones since the store was created
     * @param refusingNewKeys whether the last new key was refused because records in progress fill the
     *     store, and none has finished or left since
     */
    public record Usage(
            int entries, int maxEntries, long resultBytes, long maxBytes, long evictions, boolean refusingNewKeys) {}

    // Each write drains up to this many index entries, more than the one it adds, so the index shrinks.
    private static final int DRAIN_PER_WRITE = 4;
    // A new key arriving at a full store filters at most this many entries of the current second.
    private static final int PRUNE_CURRENT_LIMIT = 1024;

    private final Options options;
    private final Clock clock;
    private final ConcurrentHashMap<String, IdempotencyRecord> records = new ConcurrentHashMap<>();
    private final ExpiryIndex expiryIndex = new ExpiryIndex(this::removeIfExpired);
    private final StoreBounds bounds;

    /** Creates a store with the default options and the system clock. */
    public MemoryIdempotencyStore() {
        this(Options.defaults(), Clock.systemUTC());
    }

    /**
     * Creates a store.
     *
     * @param options its settings
     * @param clock the clock that decides expiry
     */
    public MemoryIdempotencyStore(Options options, Clock clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.bounds = new StoreBounds(options.maxEntries(), options.maxBytes(), this::removeIfStill);
    }

    /**
     * Returns how full the store is.
     *
     * @return the counts at this moment
     */
    public Usage usage() {
        return bounds.usage();
    }

    /**
     * {@inheritDoc} A new key arriving when the store is full prunes expired records, then evicts the
     * oldest finished one; it is refused with {@link StoreFullException} only when records in progress
     * fill the store.
     */
    @Override
    public BeginResult tryBegin(String key, Duration lease) {
        String id = CanonicalKeys.of(key);
        long leaseMillis = Expiry.millis(lease, options.defaultLease());
        boolean pruned = false;
        while (true) {
            long now = clock.millis();
            Begin begin = new Begin(id, now, Expiry.at(now, leaseMillis));
            IdempotencyRecord record = records.compute(id, begin);
            if (record == null) {
                if (!pruned) {
                    pruned = true;
                    if (expiryIndex.drainAll(now, PRUNE_CURRENT_LIMIT) > 0) {
                        continue;
                    }
                }
                if (bounds.evictOldest(now)) {
                    continue;
                }
                throw bounds.refuse();
            }
            if (begin.outcome == Outcome.ACQUIRED) {
                written(id, record, now);
            }
            return new BeginResult(begin.outcome, record);
        }
    }

    @Override
    public IdempotencyRecord touch(String key, String ownerToken, Duration lease) {
        String id = CanonicalKeys.of(key);
        requireToken(ownerToken);
        long leaseMillis = Expiry.millis(lease, options.defaultLease());
        long now = clock.millis();
        IdempotencyRecord touched = records.compute(id, (k, current) -> {
            IdempotencyRecord held = fence(k, current, ownerToken, now);
            return Records.inProgress(
                    k,
                    ownerToken,
                    held.createdAt(),
                    Instant.ofEpochMilli(now),
                    Instant.ofEpochMilli(Expiry.at(now, leaseMillis)));
        });
        written(id, touched, now);
        return touched;
    }

    /**
     * {@inheritDoc} The result array is kept as given, not copied. A result that would take the
     * results held past {@link Options#maxBytes()} evicts the oldest finished records first.
     */
    @Override
    public IdempotencyRecord complete(String key, String ownerToken, byte[] result, Duration retention) {
        String id = CanonicalKeys.of(key);
        requireToken(ownerToken);
        Objects.requireNonNull(result, "result");
        if (result.length > options.maxResultBytes()) {
            throw new TooLargeException("result of " + result.length + " bytes is over the limit of "
                    + options.maxResultBytes() + " bytes (maxResultBytes)");
        }
        long now = clock.millis();
        bounds.reserveBytes(result.length, now);
        boolean kept = false;
        try {
            IdempotencyRecord finished = finish(id, new Finish(ownerToken, result, null, null), retention, now);
            kept = finished.expiresAt().toEpochMilli() > now;
            return finished;
        } finally {
            if (!kept) {
                bounds.unreserveBytes(result.length);
            }
        }
    }

    @Override
    public IdempotencyRecord fail(String key, String ownerToken, String code, String message, Duration retention) {
        String id = CanonicalKeys.of(key);
        requireToken(ownerToken);
        String errorCode = FailureText.cut(code, FailureText.MAX_CODE);
        String errorMessage = FailureText.cut(message, FailureText.MAX_MESSAGE);
        return finish(id, new Finish(ownerToken, null, errorCode, errorMessage), retention, clock.millis());
    }

    @Override
    public Optional<IdempotencyRecord> get(String key) {
        String id = CanonicalKeys.of(key);
        IdempotencyRecord record = records.get(id);
        if (record == null || record.isExpiredAt(Instant.ofEpochMilli(clock.millis()))) {
            return Optional.empty();
        }
        return Optional.of(record);
    }

    @Override
    public void delete(String key) {
        IdempotencyRecord removed = records.remove(CanonicalKeys.of(key));
        if (removed != null) {
            bounds.removed(removed);
        }
    }

    /**
     * {@inheritDoc} Looks only at index entries that are due: those of seconds that have passed, and
     * those of the current second.
     */
    @Override
    public int sweep() {
        return expiryIndex.drainAll(clock.millis(), Integer.MAX_VALUE);
    }

    private IdempotencyRecord finish(String id, Finish finish, Duration retention, long now) {
        boolean keep = !(retention.isZero() || retention.isNegative());
        finish.now = now;
        finish.expiresAt = keep ? Expiry.at(now, Expiry.millis(retention, Duration.ZERO)) : now;
        finish.keep = keep;
        IdempotencyRecord stored = records.compute(id, finish);
        if (stored != null) {
            written(id, stored, now);
        }
        return Objects.requireNonNull(finish.finished);
    }

    /**
     * One {@code complete} or {@code fail} step on its key: fences the owner, then keeps the finished
     * record or, with no retention, frees the key. A result makes it a completion, otherwise a failure.
     */
    private final class Finish implements BiFunction<String, IdempotencyRecord, IdempotencyRecord> {
        private final String ownerToken;
        private final byte @Nullable [] result;
        private final @Nullable String errorCode;
        private final @Nullable String errorMessage;
        long now;
        long expiresAt;
        boolean keep;

        @Nullable
        IdempotencyRecord finished;

        Finish(String ownerToken, byte @Nullable [] result, @Nullable String errorCode, @Nullable String errorMessage) {
            this.ownerToken = ownerToken;
            this.result = result;
            this.errorCode = errorCode;
            this.errorMessage = errorMessage;
        }

        @Override
        public @Nullable IdempotencyRecord apply(String key, @Nullable IdempotencyRecord current) {
            IdempotencyRecord held = fence(key, current, ownerToken, now);
            Instant at = Instant.ofEpochMilli(now);
            Instant until = Instant.ofEpochMilli(expiresAt);
            finished = result != null
                    ? Records.complete(held, at, until, result)
                    : Records.failed(
                            held, at, until, Objects.requireNonNull(errorCode), Objects.requireNonNull(errorMessage));
            if (keep) {
                // noted under the key's lock, so a delete racing this call cannot forget it first
                bounds.finished(finished);
                return finished;
            }
            bounds.removedInProgress();
            return null;
        }
    }

    /** Returns the record the owner holds, or throws why it holds none. */
    private static IdempotencyRecord fence(
            String key, @Nullable IdempotencyRecord current, String ownerToken, long now) {
        if (current == null || current.expiresAt().toEpochMilli() <= now) {
            throw new LeaseLostException(key, Reason.EXPIRED);
        }
        if (current.state() != RecordState.IN_PROGRESS) {
            throw new LeaseLostException(key, Reason.NOT_IN_PROGRESS);
        }
        if (!ownerToken.equals(current.ownerToken())) {
            throw new LeaseLostException(key, Reason.NOT_OWNER);
        }
        return current;
    }

    private void written(String id, IdempotencyRecord record, long now) {
        expiryIndex.add(id, record.expiresAt().toEpochMilli());
        expiryIndex.drainPast(now, DRAIN_PER_WRITE);
    }

    private boolean removeIfExpired(String id, long now) {
        IdempotencyRecord record = records.get(id);
        if (record != null && record.expiresAt().toEpochMilli() <= now && records.remove(id, record)) {
            bounds.removed(record);
            return true;
        }
        return false;
    }

    /** Removes the finished record an entry names, if it is still there, and returns it. */
    private @Nullable IdempotencyRecord removeIfStill(FinishedIndex.Entry entry) {
        IdempotencyRecord record = records.get(entry.key());
        if (record != null && FinishedIndex.names(entry, record) && records.remove(entry.key(), record)) {
            return record;
        }
        return null;
    }

    private static void requireToken(String ownerToken) {
        if (ownerToken == null || ownerToken.isBlank()) {
            throw new IllegalArgumentException("ownerToken must not be blank");
        }
    }

    /** One {@code tryBegin}'s step on its key: takes a free or expired key, or reports what holds it. */
    private final class Begin implements BiFunction<String, IdempotencyRecord, IdempotencyRecord> {
        private final String key;
        private final long now;
        private final long expiresAt;
        Outcome outcome = Outcome.CONFLICT;

        Begin(String key, long now, long expiresAt) {
            this.key = key;
            this.now = now;
            this.expiresAt = expiresAt;
        }

        @Override
        public @Nullable IdempotencyRecord apply(String ignored, @Nullable IdempotencyRecord current) {
            if (current != null && current.expiresAt().toEpochMilli() > now) {
                outcome = current.state() == RecordState.IN_PROGRESS ? Outcome.CONFLICT : Outcome.REPLAY;
                return current;
            }
            if (current == null && !bounds.tryReserveSlot()) {
                return null; // full: the caller prunes or evicts, and tries again
            }
            if (current != null) {
                bounds.replaced(current); // expired, taken over in its slot
            }
            outcome = Outcome.ACQUIRED;
            Instant at = Instant.ofEpochMilli(now);
            return Records.inProgress(key, OwnerTokens.newToken(), at, at, Instant.ofEpochMilli(expiresAt));
        }
    }
}
