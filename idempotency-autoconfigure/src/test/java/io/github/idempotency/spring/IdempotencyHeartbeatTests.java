package io.github.idempotency.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdempotencyHeartbeatTests {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration INTERVAL = Duration.ofMillis(20);

    @Test
    void renewalsThatHangHoldUpNoOtherCallsRenewals() throws InterruptedException {
        HangingStore store = new HangingStore();
        try (IdempotencyHeartbeat heartbeat = new IdempotencyHeartbeat()) {
            for (String id : new String[] {"stuck-1", "stuck-2", "stuck-3"}) {
                String key = key(id);
                heartbeat.start(store, key, store.begin(key), LEASE, INTERVAL);
            }
            heartbeat.start(store, key("fine"), store.begin(key("fine")), LEASE, INTERVAL);

            assertThat(store.renewed.await(5, TimeUnit.SECONDS))
                    .as("the other call's lease is renewed while three renewals hang")
                    .isTrue();
            assertThat(store.touches(key("stuck-1")))
                    .as("at most one renewal in flight per call: later beats are skipped")
                    .isEqualTo(1);
        } finally {
            store.release.countDown();
        }
    }

    @Test
    void eachCallIsRenewedOnItsOwnIntervalAndAClosedCallNoLonger() throws InterruptedException {
        CountingStore store = new CountingStore(key("fast"), 5);
        try (IdempotencyHeartbeat heartbeat = new IdempotencyHeartbeat()) {
            String hourly = key("hourly");
            String closed = key("closed");
            String fast = key("fast");
            heartbeat.start(store, hourly, store.begin(hourly), LEASE, Duration.ofHours(1));
            heartbeat.start(store, closed, store.begin(closed), LEASE, INTERVAL).close();
            heartbeat.start(store, fast, store.begin(fast), LEASE, INTERVAL);

            assertThat(store.renewed.await(5, TimeUnit.SECONDS))
                    .as("the call with a 20 ms interval is renewed again and again")
                    .isTrue();
            assertThat(store.touches(hourly))
                    .as("a call whose interval is an hour is not due on the ticks of the 20 ms calls")
                    .isZero();
            assertThat(store.touches(closed)).as("a closed call is not renewed").isZero();
        }
    }

    @Test
    void callsWithEverShorterIntervalsDoNotPutOffTheRenewalsOfACallAlreadyRunning() throws InterruptedException {
        CountingStore store = new CountingStore(key("running"), 2);
        try (IdempotencyHeartbeat heartbeat = new IdempotencyHeartbeat()) {
            heartbeat.start(store, key("running"), store.begin(key("running")), LEASE, Duration.ofMillis(80));
            // Each shorter interval sets a faster pace (a tick every 8 to 10 ms), and a new one arrives
            // every 3 ms: sooner than the new pace's first tick would come if it waited one period.
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            for (int i = 0; System.nanoTime() < end; i++) {
                String key = key("shorter-" + i);
                Duration shorter = Duration.ofMillis(79).minusNanos(i * 50_000L);
                heartbeat.start(store, key, store.begin(key), LEASE, shorter);
                Thread.sleep(3);
            }
            assertThat(store.renewed.getCount())
                    .as("the 80 ms call was renewed twice in the 500 ms the shorter intervals kept arriving")
                    .isZero();
        }
    }

    @Test
    void aClosedHeartbeatRefusesNewCallsAndReleasesTheirLeases() {
        CountingStore store = new CountingStore(key("late"), 1);
        IdempotencyHeartbeat heartbeat = new IdempotencyHeartbeat();
        heartbeat.close();
        assertThatExceptionOfType(RejectedExecutionException.class)
                .isThrownBy(() -> heartbeat.start(store, key("late"), store.begin(key("late")), LEASE, INTERVAL))
                .withMessageContaining("released");
        // the key is free at once, not taken for the rest of the 30 s lease
        assertThat(store.get(key("late"))).isEmpty();
        assertThat(store.tryBegin(key("late"), LEASE).outcome()).isEqualTo(BeginResult.Outcome.ACQUIRED);
    }

    private static String key(String id) {
        return AspectContexts.key("heartbeat", id);
    }

    /** A memory store that counts renewals per key, and counts down once per renewal of one key. */
    private static class CountingStore extends ForwardingIdempotencyStore {

        final CountDownLatch renewed;
        private final String counted;
        private final Map<String, AtomicInteger> touches = new ConcurrentHashMap<>();

        CountingStore(String counted, int renewals) {
            super(new MemoryIdempotencyStore(MemoryIdempotencyStore.Options.defaults(), Clock.systemUTC()));
            this.counted = counted;
            this.renewed = new CountDownLatch(renewals);
        }

        String begin(String key) {
            return tryBegin(key, LEASE).ownerToken();
        }

        int touches(String key) {
            return touches.getOrDefault(key, new AtomicInteger()).get();
        }

        @Override
        public IdempotencyRecord touch(String key, String ownerToken, Duration lease) {
            touches.computeIfAbsent(key, ignored -> new AtomicInteger()).incrementAndGet();
            if (key.equals(counted)) {
                renewed.countDown();
            }
            beforeRenewing(key);
            return super.touch(key, ownerToken, lease);
        }

        /** Runs on the renewal's thread once it is counted, before the lease is renewed. */
        void beforeRenewing(String key) {}
    }

    /** A counting store whose {@code touch} hangs for every key but "fine" until released. */
    private static final class HangingStore extends CountingStore {

        final CountDownLatch release = new CountDownLatch(1);

        HangingStore() {
            super(key("fine"), 3);
        }

        @Override
        void beforeRenewing(String key) {
            if (!key.equals(key("fine"))) {
                try {
                    release.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
