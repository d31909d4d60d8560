package io.github.idempotency.spring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.idempotency.spring.IdempotencyOutcome;
import java.time.Duration;
import org.springframework.context.ApplicationContext;

/**
 * The scenarios both brokers must pass with a transactional listener that inserts one row per
 * message into an {@link OrderTable}, with the JDBC store on the same database.
 */
final class TransactionalListenerScenarios {

    private TransactionalListenerScenarios() {}

    /**
     * The first run throws after its insert: its row and its record roll back together, the key is
     * freed, and the redelivery runs the work again, leaving one row.
     */
    static void rolledBackThenRunOnce(ApplicationContext context, OrderTable orders, Runnable send, String key) {
        ListenerProbe probe = context.getBean(ListenerProbe.class);
        orders.afterNextInsert(() -> {
            throw new IllegalStateException("failed after the insert");
        });

        send.run();

        // a run that threw counts as executed too: the failing run, then the redelivery's run
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(probe.outcomes(IdempotencyOutcome.EXECUTED)).isEqualTo(2));
        assertThat(probe.executions(key)).isEqualTo(2);
        assertThat(probe.deliveries()).isEqualTo(2);
        assertThat(orders.rows(key)).isEqualTo(1);
    }

    /**
     * The first run commits and then fails in {@code afterCommit}: the message is delivered again, and
     * the redelivery finds the record that committed with the row and is replayed, leaving one row.
     */
    static void failedAfterTheCommitThenReplayed(
            ApplicationContext context, OrderTable orders, Runnable send, String key) {
        ListenerProbe probe = context.getBean(ListenerProbe.class);
        orders.afterNextCommit(() -> {
            throw new IllegalStateException("failed after the commit");
        });

        send.run();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(probe.outcomes(IdempotencyOutcome.REPLAYED)).isEqualTo(1));
        assertThat(probe.executions(key)).isEqualTo(1);
        assertThat(probe.deliveries()).isEqualTo(2);
        assertThat(orders.rows(key)).isEqualTo(1);
    }
}
