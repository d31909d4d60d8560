package io.github.idempotency.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
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

            assertThat(store.fineRenewed.await(5, TimeUnit.SECONDS))
                    .as("the other call's lease is renewed while three renewals hang")
                    .isTrue();
            assertThat(store.touches(key("stuck-1")))
                    .as("at most one renewal in flight per call: later beats are skipped")
                    .isEqualTo(1);
        } finally {
            store.release.countDown();
        }
    }

    private static String key(String id) {
        return AspectContexts.key("heartbeat", id);
    }

    /** A memory store whose {@code touch} hangs for every key but "fine" until released. */
    private static final class HangingStore extends ForwardingIdempotencyStore {

        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch fineRenewed = new CountDownLatch(3);
        private final Map<String, AtomicInteger> touches = new ConcurrentHashMap<>();

        HangingStore() {
            super(new MemoryIdempotencyStore(MemoryIdempotencyStore.Options.defaults(), Clock.systemUTC()));
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
            if (!key.equals(key("fine"))) {
                try {
                    release.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            } else {
                fineRenewed.countDown();
            }
            return super.touch(key, ownerToken, lease);
        }
    }
}
