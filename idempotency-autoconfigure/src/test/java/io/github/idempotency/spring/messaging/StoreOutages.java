package io.github.idempotency.spring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.idempotency.spring.IdempotencyOutcome;
import java.time.Duration;
import org.springframework.context.ApplicationContext;

/** The store outage scenario both brokers must pass: redelivered with pauses, then run once. */
final class StoreOutages {

    private StoreOutages() {}

    /**
     * Takes the store down, sends the message with the key, and checks that it was delivered {@code
     * deliveries} times without running, over at least {@code pauses} retry delays (no hot loop);
     * then brings the store back and checks that the message runs exactly once.
     */
    static void redeliveredWhileDownThenRunOnce(
            ApplicationContext context, Runnable send, String key, int deliveries, Duration pauses) {
        ListenerProbe probe = context.getBean(ListenerProbe.class);
        OutageStore store = context.getBean(OutageStore.class);
        store.down();
        long sent = System.nanoTime();
        send.run();

        await().atMost(Duration.ofSeconds(30)).until(() -> probe.deliveries() >= deliveries);
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(pauses);
        assertThat(probe.executions()).isZero();

        store.up();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() ->
                        assertThat(probe.outcomes(IdempotencyOutcome.EXECUTED)).isEqualTo(1));
        assertThat(probe.executions(key)).isEqualTo(1);
    }
}
