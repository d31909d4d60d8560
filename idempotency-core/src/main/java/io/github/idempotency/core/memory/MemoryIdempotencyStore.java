package io.github.idempotency.core.memory;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** An in-memory store for one process: thread-safe, bounded, and never scans the whole map. */
public final class MemoryIdempotencyStore implements IdempotencyStore {

    /**
     * Settings of the memory store.
     *
     * @param defaultLease the lease used when a call passes zero or a negative lease
     * @param maxEntries the most records held; when full after pruning, new keys are refused
     * @param maxResultBytes the largest result {@code complete} accepts
     */
    public record Options(Duration defaultLease, int maxEntries, int maxResultBytes) {
        /** The seed's default TTL: five minutes. */
        public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);
        /** 200 000 records. */
        public static final int DEFAULT_MAX_ENTRIES = 200_000;
        /** 1 MiB. */
        public static final int DEFAULT_MAX_RESULT_BYTES = 1024 * 1024;

        /**
         * Returns the defaults: a five-minute lease, 200 000 entries, 1 MiB results.
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options(DEFAULT_LEASE, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_RESULT_BYTES);
        }
    }

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
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public BeginResult tryBegin(String key, Duration lease) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public IdempotencyRecord touch(String key, String ownerToken, Duration lease) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public IdempotencyRecord complete(String key, String ownerToken, byte[] result, Duration retention) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public IdempotencyRecord fail(String key, String ownerToken, String code, String message, Duration retention) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Optional<IdempotencyRecord> get(String key) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void delete(String key) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public int sweep() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
