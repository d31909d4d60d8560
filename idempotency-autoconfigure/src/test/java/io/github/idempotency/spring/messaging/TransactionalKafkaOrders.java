package io.github.idempotency.spring.messaging;

import io.github.idempotency.spring.Idempotent;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.transaction.annotation.Transactional;

/**
 * A transactional {@code @KafkaListener} that places orders in an {@link OrderTable} on PostgreSQL,
 * with the JDBC store on the same database: {@code @Transactional} on the listener method.
 */
final class TransactionalKafkaOrders {

    private TransactionalKafkaOrders() {}

    /**
     * A context consuming {@code topic} (as the group of the same name) from the brokers at
     * {@code bootstrapServers}, the idempotency records in {@code table} and the orders in
     * {@code ordersTable}. A consumer that died leaves the group after 6 s, the broker's least session
     * timeout, so the next process gets its partitions soon.
     */
    static ApplicationContextRunner runner(String bootstrapServers, String topic, String table, String ordersTable) {
        return KafkaListenerContexts.runner(bootstrapServers, topic, Duration.ofMillis(200))
                .withUserConfiguration(OrderTable.Database.class)
                .withBean(Orders.class)
                .withPropertyValues(
                        "spring.kafka.consumer.properties.session.timeout.ms=6000",
                        "spring.kafka.consumer.heartbeat-interval=1s")
                .withPropertyValues(OrderTable.properties(table, ordersTable));
    }

    /** Places one order per record, in the listener method's own transaction. */
    static class Orders {

        private final OrderTable table;
        private final ListenerProbe probe;

        Orders(OrderTable table, ListenerProbe probe) {
            this.table = table;
            this.probe = probe;
        }

        @KafkaListener(id = "transactional", topics = "${test.topic}", groupId = "${test.group}")
        @Idempotent(scope = "txorders", key = "#p0.key()")
        @Transactional
        public void onOrder(ConsumerRecord<String, String> record) throws InterruptedException {
            probe.executed(record.key());
            table.insert(record.key());
        }
    }
}
