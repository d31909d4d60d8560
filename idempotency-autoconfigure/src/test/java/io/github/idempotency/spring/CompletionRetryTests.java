package io.github.idempotency.spring;

import static io.github.idempotency.spring.IdempotencyOutcome.STORE_ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.core.RecordState;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A completion that fails on a short store outage is stored again while the lease is held. */
class CompletionRetryTests {

    @Test
    void aResultTheStoreFailedToTakeIsStoredAgainAndThenReplayed() {
        StoreDownForTwoCompletions store = new StoreDownForTwoCompletions();
        AspectContexts.withoutStore()
                .withBean(IdempotencyStore.class, () -> store)
                .run(context -> {
                    Orders orders = context.getBean(Orders.class);
                    String key = AspectContexts.key("orders", "blip-1");

                    String first = orders.text("blip-1");
                    assertThat(context.getBean(RecordingListener.class).outcomes())
                            .containsExactly(STORE_ERROR);
                    assertThat(store.stored.await(10, TimeUnit.SECONDS))
                            .as("stored on a later attempt")
                            .isTrue();

                    assertThat(store.get(key))
                            .get()
                            .extracting(IdempotencyRecord::state)
                            .isEqualTo(RecordState.COMPLETE);
                    assertThat(orders.text("blip-1")).isEqualTo(first);
                    assertThat(orders.runs("text")).isEqualTo(1);
                    assertThat(store.attempts.get()).isEqualTo(3);
                });
    }

    /** A memory store whose server is down for the first two {@code complete} calls. */
    static class StoreDownForTwoCompletions extends ForwardingIdempotencyStore {

        final AtomicInteger attempts = new AtomicInteger();
        final CountDownLatch stored = new CountDownLatch(1);

        StoreDownForTwoCompletions() {
            super(new MemoryIdempotencyStore(MemoryIdempotencyStore.Options.defaults(), Clock.systemUTC()));
        }

        @Override
        public IdempotencyRecord complete(String key, String ownerToken, byte[] result, Duration retention) {
            if (attempts.incrementAndGet() <= 2) {
                throw new IdempotencyStoreException("store restarting", new ConnectException("connection refused"));
            }
            IdempotencyRecord record = super.complete(key, ownerToken, result, retention);
            stored.countDown();
            return record;
        }
    }
}
