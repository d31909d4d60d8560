package io.github.idempotency.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.BeginResult.Outcome;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.LeaseLostException;
import io.github.idempotency.core.StoreFullException;
import io.github.idempotency.core.TooLargeException;
import io.github.idempotency.core.memory.MemoryIdempotencyStore.Options;
import io.github.idempotency.test.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class MemoryIdempotencyStoreTest {

    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final Duration RETENTION = Duration.ofHours(1);

    private final MutableClock clock = MutableClock.startingAtFixedInstant();

    private MemoryIdempotencyStore storeHolding(int maxEntries) {
        return new MemoryIdempotencyStore(new Options(LEASE, maxEntries, 1024), clock);
    }

    private static String newKey() {
        byte[] hash = new byte[32];
        ThreadLocalRandom.current().nextBytes(hash);
        return "v1:memory:test:" + HexFormat.of().formatHex(hash);
    }

    private static List<String> newKeys(int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(newKey());
        }
        return keys;
    }

    @Test
    void aFinishedRecordGivesWayToANewKeyAndOnlyInFlightRecordsFillTheStore() {
        MemoryIdempotencyStore store = storeHolding(2);
        String inFlight = newKey();
        BeginResult held = store.tryBegin(inFlight, LEASE);
        String completed = newKey();
        store.complete(completed, store.tryBegin(completed, LEASE).ownerToken(), new byte[1], RETENTION);
        String newcomer = newKey();
        assertThat(store.tryBegin(newcomer, LEASE).outcome()).isEqualTo(Outcome.ACQUIRED);
        assertThat(store.get(completed)).isEmpty();
        assertThat(store.usage().evictions()).isEqualTo(1);
        assertThatExceptionOfType(StoreFullException.class)
                .isThrownBy(() -> store.tryBegin(newKey(), LEASE))
                .withMessageContaining("full of requests in progress")
                .withMessageContaining("maxEntries 2");
        assertThat(store.usage().refusingNewKeys()).isTrue();
        assertThat(store.get(inFlight)).contains(held.record());
        assertThat(store.tryBegin(newcomer, LEASE).outcome()).isEqualTo(Outcome.CONFLICT);
        store.fail(newcomer, store.get(newcomer).orElseThrow().ownerToken(), "gone", "freed", Duration.ZERO);
        assertThat(store.usage().refusingNewKeys()).isFalse();
        assertThat(store.tryBegin(newKey(), LEASE).outcome()).isEqualTo(Outcome.ACQUIRED);
        assertThatExceptionOfType(StoreFullException.class).isThrownBy(() -> store.tryBegin(newKey(), LEASE));
        store.complete(inFlight, held.ownerToken(), new byte[1], RETENTION);
        assertThat(store.usage().refusingNewKeys())
                .as("a finished record can give way")
                .isFalse();
    }

    @Test
    void aFloodOfFinishedKeysNeverLocksOutTheNextCaller() {
        MemoryIdempotencyStore store = storeHolding(100);
        List<String> flood = newKeys(1_000);
        for (String key : flood) {
            clock.advance(Duration.ofMillis(1)); // the order of records finished in one millisecond is not kept
            store.complete(key, store.tryBegin(key, LEASE).ownerToken(), new byte[1], RETENTION);
        }
        assertThat(store.tryBegin(newKey(), LEASE).outcome()).isEqualTo(Outcome.ACQUIRED);
        MemoryIdempotencyStore.Usage usage = store.usage();
        assertThat(usage.entries()).isEqualTo(100);
        assertThat(usage.evictions()).isEqualTo(901);
        // the newest finished records are the ones kept
        assertThat(store.get(flood.get(999))).isPresent();
        assertThat(store.get(flood.get(900))).isEmpty();
        assertThat(store.get(flood.get(901))).isPresent();
    }

    @Test
    void theOldestFinishedRecordGivesWayFirstWhateverItsRetention() {
        MemoryIdempotencyStore store = storeHolding(3);
        String longKept = newKey();
        store.complete(longKept, store.tryBegin(longKept, LEASE).ownerToken(), new byte[1], RETENTION.multipliedBy(9));
        clock.advance(Duration.ofMillis(5));
        String failed = newKey();
        store.fail(failed, store.tryBegin(failed, LEASE).ownerToken(), "code", "message", RETENTION);
        clock.advance(Duration.ofMillis(5));
        String recent = newKey();
        store.complete(recent, store.tryBegin(recent, LEASE).ownerToken(), new byte[1], Duration.ofMinutes(1));
        store.tryBegin(newKey(), LEASE);
        assertThat(store.get(longKept)).isEmpty();
        store.tryBegin(newKey(), LEASE);
        assertThat(store.get(failed)).isEmpty();
        assertThat(store.get(recent)).isPresent();
    }

    @Test
    void boundsTheResultBytesHeldByEvictingTheOldestFinishedRecords() {
        MemoryIdempotencyStore store = new MemoryIdempotencyStore(new Options(LEASE, 100, 1024, 3 * 1024), clock);
        List<String> keys = newKeys(5);
        for (String key : keys) {
            clock.advance(Duration.ofMillis(1));
            store.complete(key, store.tryBegin(key, LEASE).ownerToken(), new byte[1024], RETENTION);
            assertThat(store.usage().resultBytes()).isLessThanOrEqualTo(3 * 1024);
        }
        assertThat(store.get(keys.get(0))).isEmpty();
        assertThat(store.get(keys.get(1))).isEmpty();
        assertThat(keys.subList(2, 5))
                .allSatisfy(key -> assertThat(store.get(key)).isPresent());
        assertThat(store.usage().evictions()).isEqualTo(2);
        store.delete(keys.get(2));
        assertThat(store.usage().resultBytes()).isEqualTo(2 * 1024);
        clock.advance(RETENTION);
        store.sweep();
        assertThat(store.usage()).isEqualTo(new MemoryIdempotencyStore.Usage(0, 100, 0, 3 * 1024, 2, false));
    }

    @Test
    void aResultThatWasNotKeptGivesItsBytesBack() {
        MemoryIdempotencyStore store = new MemoryIdempotencyStore(new Options(LEASE, 100, 1024, 1024), clock);
        String key = newKey();
        String stale = store.tryBegin(key, Duration.ofSeconds(1)).ownerToken();
        clock.advance(Duration.ofSeconds(2));
        assertThatExceptionOfType(LeaseLostException.class)
                .isThrownBy(() -> store.complete(key, stale, new byte[1024], RETENTION));
        String unkept = newKey();
        store.complete(unkept, store.tryBegin(unkept, LEASE).ownerToken(), new byte[1024], Duration.ZERO);
        assertThat(store.usage().resultBytes()).isZero();
        String kept = newKey();
        store.complete(kept, store.tryBegin(kept, LEASE).ownerToken(), new byte[1024], RETENTION);
        assertThat(store.usage().evictions()).isZero();
        assertThat(store.usage().resultBytes()).isEqualTo(1024);
    }

    @Test
    void prunesExpiredRecordsToMakeRoomForANewKey() {
        MemoryIdempotencyStore store = storeHolding(2);
        String expiring = newKey();
        store.tryBegin(expiring, Duration.ofSeconds(1));
        String live = newKey();
        store.tryBegin(live, LEASE);
        clock.advance(Duration.ofSeconds(2));
        assertThat(store.tryBegin(newKey(), LEASE).outcome()).isEqualTo(Outcome.ACQUIRED);
        assertThat(store.get(live)).isPresent();
        assertThatExceptionOfType(TooLargeException.class).isThrownBy(() -> store.tryBegin(newKey(), LEASE));
    }

    @Test
    void prunesARecordThatExpiredEarlierInTheCurrentSecond() {
        MemoryIdempotencyStore store = storeHolding(1);
        store.tryBegin(newKey(), Duration.ofMillis(300));
        clock.advance(Duration.ofMillis(400));
        assertThat(store.tryBegin(newKey(), LEASE).outcome()).isEqualTo(Outcome.ACQUIRED);
    }

    @Test
    void aFullStoreStillServesItsOwnKeysAndFreedKeysMakeRoom() {
        MemoryIdempotencyStore store = storeHolding(1);
        String key = newKey();
        String token = store.tryBegin(key, Duration.ofSeconds(1)).ownerToken();
        clock.advance(Duration.ofSeconds(2));
        String retry = store.tryBegin(key, LEASE).ownerToken();
        assertThat(retry).isNotEqualTo(token);
        store.fail(key, retry, "retry", "freed", Duration.ZERO);
        String other = newKey();
        store.tryBegin(other, LEASE);
        store.delete(other);
        assertThat(store.tryBegin(newKey(), LEASE).outcome()).isEqualTo(Outcome.ACQUIRED);
    }

    @Test
    void sweepCountsTheExpiredRecordsItRemoves() {
        MemoryIdempotencyStore store = storeHolding(100);
        newKeys(3).forEach(key -> store.tryBegin(key, Duration.ofSeconds(1)));
        List<String> live = newKeys(2);
        live.forEach(key -> store.tryBegin(key, LEASE));
        clock.advance(Duration.ofSeconds(1));
        assertThat(store.sweep()).isEqualTo(3);
        assertThat(store.sweep()).isZero();
        assertThat(live).allSatisfy(key -> assertThat(store.get(key)).isPresent());
    }

    @Test
    void anOldExpiryEntryDoesNotRemoveATouchedOrCompletedRecord() {
        MemoryIdempotencyStore store = storeHolding(100);
        String touched = newKey();
        String touchedToken = store.tryBegin(touched, Duration.ofSeconds(1)).ownerToken();
        IdempotencyRecord extended = store.touch(touched, touchedToken, RETENTION);
        String completed = newKey();
        IdempotencyRecord result = store.complete(
                completed, store.tryBegin(completed, Duration.ofSeconds(1)).ownerToken(), new byte[1], RETENTION);
        clock.advance(Duration.ofSeconds(5));
        assertThat(store.sweep()).isZero();
        assertThat(store.get(touched)).contains(extended);
        assertThat(store.get(completed)).contains(result);
        clock.advance(RETENTION);
        assertThat(store.sweep()).isEqualTo(2);
    }

    @Test
    void writesDrainExpiredRecordsWithoutASweep() {
        MemoryIdempotencyStore store = storeHolding(1_000);
        newKeys(200).forEach(key -> store.tryBegin(key, Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(2));
        newKeys(60).forEach(key -> store.tryBegin(key, LEASE));
        assertThat(store.sweep()).isZero();
    }

    @Test
    void racingWritesSweepsAndAMovingClockLoseNoExpiryEntry() throws InterruptedException {
        int capacity = 200;
        MemoryIdempotencyStore store = storeHolding(capacity);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int role = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 3_000; i++) {
                    if (role == 0) {
                        clock.advance(Duration.ofMillis(7));
                        store.sweep();
                    } else {
                        String key = newKey();
                        try {
                            BeginResult begin = store.tryBegin(key, Duration.ofMillis(1 + i % 900));
                            if (i % 2 == 0) {
                                store.complete(key, begin.ownerToken(), new byte[1], Duration.ofMillis(1 + i % 1500));
                            }
                        } catch (TooLargeException | io.github.idempotency.core.LeaseLostException e) {
                            // a full store and a lease that ran out under the moving clock are both fine here
                        }
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        clock.advance(Duration.ofSeconds(10));
        store.sweep();
        // the counts followed every record in and out, through evictions, expiry and races
        assertThat(store.usage().entries()).isZero();
        assertThat(store.usage().resultBytes()).isZero();
        // Every slot comes back only if every expired record could still be found through the index.
        for (String key : newKeys(capacity)) {
            assertThat(store.tryBegin(key, LEASE).outcome()).isEqualTo(Outcome.ACQUIRED);
        }
    }

    @Test
    void keepsMillisecondsOfTheClockAndGivesATinyLeaseOneMillisecond() {
        clock.set(Instant.parse("2030-01-01T00:00:00.123456789Z"));
        MemoryIdempotencyStore store = storeHolding(10);
        IdempotencyRecord record = store.tryBegin(newKey(), Duration.ofNanos(1)).record();
        assertThat(record.createdAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00.123Z"));
        assertThat(record.expiresAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00.124Z"));
    }

    @Test
    void aLeaseTooLongForAnInstantEndsInTheYear9999() {
        MemoryIdempotencyStore store = storeHolding(10);
        String key = newKey();
        IdempotencyRecord record =
                store.tryBegin(key, Duration.ofSeconds(Long.MAX_VALUE)).record();
        assertThat(record.expiresAt()).isEqualTo(Instant.parse("9999-12-31T23:59:59.999Z"));
        IdempotencyRecord completed = store.complete(
                key,
                record.ownerToken(),
                "x".getBytes(StandardCharsets.UTF_8),
                Duration.ofDays(Long.MAX_VALUE / 86_400));
        assertThat(completed.expiresAt()).isEqualTo(Instant.parse("9999-12-31T23:59:59.999Z"));
    }

    @Test
    void optionsRejectSettingsThatCannotWork() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Options(Duration.ZERO, 1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Options(Duration.ofSeconds(-1), 1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Options(LEASE, 0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Options(LEASE, 1, -1));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Options(LEASE, 1, 2048, 1024))
                .withMessageContaining("maxBytes");
        assertThat(Options.defaults())
                .isEqualTo(new Options(Duration.ofMinutes(5), 200_000, 1024 * 1024, 64L * 1024 * 1024))
                .isEqualTo(new Options(Duration.ofMinutes(5), 200_000, 1024 * 1024));
    }
}
