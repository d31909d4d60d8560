package io.github.idempotency.spring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.idempotency.spring.IdempotencyOutcome;
import io.github.idempotency.spring.Idempotent;
import io.github.idempotency.test.LoopbackServers;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.kafka.test.utils.ContainerTestUtils;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/** {@code @Idempotent} on {@code @KafkaListener} methods, against an in-process Kafka broker. */
class KafkaIdempotentListenerTests {

    private static final Duration RETRY_DELAY = Duration.ofMillis(200);
    private static final int PARTITIONS = 5;

    private static final EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);

    private final String topic = "idempotency-test-" + UUID.randomUUID();

    private final String idempotencyTable = "idem_kafka_" + unique();
    private final String ordersTable = "kafka_orders_" + unique();

    private final ApplicationContextRunner runner = KafkaListenerContexts.runner(
                    broker.getBrokersAsString(), topic, RETRY_DELAY)
            .withUserConfiguration(Outage.class);

    @BeforeAll
    static void startBroker() {
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void fiveConcurrentCopiesRunOnceAndAreEachDeliveredOnce() {
        broker.addTopics(new NewTopic(topic, PARTITIONS, (short) 1));
        runner.withBean(Orders.class).run(context -> {
            ListenerProbe probe = context.getBean(ListenerProbe.class);
            ContainerTestUtils.waitForAssignment(container(context, "orders"), PARTITIONS);
            probe.holdExecutionsUntilDelivered(PARTITIONS);
            KafkaTemplate<Object, Object> template = template(context);
            for (int partition = 0; partition < PARTITIONS; partition++) {
                template.send(topic, partition, "order-1", "espresso");
            }
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(probe.outcomes(IdempotencyOutcome.REPLAYED))
                            .isEqualTo(4));
            assertThat(probe.executions("order-1")).isEqualTo(1);
            assertThat(probe.outcomes(IdempotencyOutcome.CONFLICT)).isZero();
            assertThat(probe.deliveries()).isEqualTo(PARTITIONS);
        });
    }

    @Test
    void recordWithoutKeyGoesToTheDeadLetterTopicWithoutRetries() {
        String deadLetters = topic + ".dead";
        broker.addTopics(new NewTopic(topic, PARTITIONS, (short) 1), new NewTopic(deadLetters, PARTITIONS, (short) 1));
        runner.withBean(Orders.class)
                .withUserConfiguration(DeadLetterTopic.class)
                .run(context -> {
                    ListenerProbe probe = context.getBean(ListenerProbe.class);
                    template(context).send(topic, 0, null, "no key");

                    ConsumerRecord<?, ?> deadLettered = readOne(context, deadLetters);

                    assertThat(deadLettered.value()).isEqualTo("no key");
                    assertThat(probe.deliveries()).isEqualTo(1);
                    assertThat(probe.executions()).isZero();
                    assertThat(probe.outcomes(IdempotencyOutcome.REJECTED)).isEqualTo(1);
                });
    }

    @Test
    void storeOutageRetriesLaterAndRunsOnceWhenTheStoreIsBack() {
        broker.addTopics(new NewTopic(topic, PARTITIONS, (short) 1));
        // The container's default handler would retry nine times at once and then skip the record.
        runner.withBean(Orders.class)
                .run(context -> StoreOutages.redeliveredWhileDownThenRunOnce(
                        context,
                        () -> template(context).send(topic, 0, "order-2", "latte"),
                        "order-2",
                        12,
                        RETRY_DELAY.multipliedBy(11)));
    }

    @Test
    void restartedConsumerReplaysTheRecordsWhoseOffsetsWereNotCommitted() {
        broker.addTopics(new NewTopic(topic, 1, (short) 1));
        runner.withBean(UnacknowledgedOrders.class)
                .withPropertyValues("spring.kafka.listener.ack-mode=manual")
                .run(context -> {
                    ListenerProbe probe = context.getBean(ListenerProbe.class);
                    KafkaTemplate<Object, Object> template = template(context);
                    for (int i = 1; i <= 3; i++) {
                        template.send(topic, 0, "order-" + i, "flat white");
                    }
                    await().atMost(Duration.ofSeconds(30)).until(() -> probe.executions() == 3);

                    // The consumer stops before committing any offset, as a crashed one does.
                    MessageListenerContainer container = container(context, "unacknowledged");
                    container.stop();
                    for (int i = 4; i <= 5; i++) {
                        template.send(topic, 0, "order-" + i, "flat white");
                    }
                    container.start();

                    await().atMost(Duration.ofSeconds(30))
                            .untilAsserted(() -> assertThat(probe.executions()).isEqualTo(5));
                    await().atMost(Duration.ofSeconds(10))
                            .untilAsserted(() -> assertThat(probe.outcomes(IdempotencyOutcome.REPLAYED))
                                    .isEqualTo(3));
                    for (int i = 1; i <= 5; i++) {
                        assertThat(probe.executions("order-" + i))
                                .as("order-" + i)
                                .isEqualTo(1);
                    }
                    assertThat(probe.deliveries()).isEqualTo(8);
                });
    }

    @Test
    void transactionalListenerRollsTheRowAndTheRecordBackTogetherSoTheRetryRunsOnce() {
        runTransactional((context, orders) -> TransactionalListenerScenarios.rolledBackThenRunOnce(
                context, orders, () -> template(context).send(topic, 0, "order-6", "mocha"), "order-6"));
    }

    @Test
    void transactionalListenerFailingAfterTheCommitHasItsRetryReplayed() {
        runTransactional((context, orders) -> TransactionalListenerScenarios.failedAfterTheCommitThenReplayed(
                context, orders, () -> template(context).send(topic, 0, "order-7", "cortado"), "order-7"));
    }

    @Test
    void transactionalListenerCrashingAfterTheCommitHasItsRecordReplayedByTheNextProcess() throws Exception {
        LoopbackServers.require("PostgreSQL", 5432);
        broker.addTopics(new NewTopic(topic, 1, (short) 1));
        try (Producer<String, String> producer = new KafkaProducer<>(
                KafkaTestUtils.producerProps(broker.getBrokersAsString()),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, "order-8", "ristretto"))
                    .get(30, TimeUnit.SECONDS);
        }

        String child = ConsumeThenCrash.runToTheCrash(
                "kafka", topic, idempotencyTable, ordersTable, broker.getBrokersAsString());

        runTransactional((context, orders) -> {
            ListenerProbe probe = context.getBean(ListenerProbe.class);
            assertThat(orders.rows("order-8"))
                    .as("committed by the child; " + child)
                    .isEqualTo(1);

            // the halted consumer never committed the offset: the record comes again, once the
            // group has given the dead consumer's partition to this one
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(probe.outcomes(IdempotencyOutcome.REPLAYED))
                            .isEqualTo(1));
            assertThat(probe.executions()).isZero();
            assertThat(probe.deliveries()).isEqualTo(1);
            assertThat(orders.rows("order-8")).isEqualTo(1);
        });
    }

    /** Runs {@code test} with the transactional listener, on a one-partition topic made unless it exists. */
    private void runTransactional(OrderTable.Test test) {
        LoopbackServers.require("PostgreSQL", 5432);
        if (!broker.getTopics().contains(topic)) {
            broker.addTopics(new NewTopic(topic, 1, (short) 1));
        }
        TransactionalKafkaOrders.runner(broker.getBrokersAsString(), topic, idempotencyTable, ordersTable)
                .run(OrderTable.droppingTables(idempotencyTable, test));
    }

    private static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @SuppressWarnings("unchecked")
    private static KafkaTemplate<Object, Object> template(ApplicationContext context) {
        return context.getBean(KafkaTemplate.class);
    }

    private static MessageListenerContainer container(ApplicationContext context, String id) {
        MessageListenerContainer container =
                context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(id);
        assertThat(container).isNotNull();
        return container;
    }

    private static ConsumerRecord<?, ?> readOne(ApplicationContext context, String topic) {
        ConsumerFactory<?, ?> consumers = context.getBean(ConsumerFactory.class);
        try (Consumer<?, ?> consumer = consumers.createConsumer(topic + "-reader", null)) {
            broker.consumeFromAnEmbeddedTopic(consumer, topic);
            return KafkaTestUtils.getSingleRecord(consumer, topic, Duration.ofSeconds(30));
        }
    }

    /** The store of the tests that take it down and bring it back. */
    @Configuration(proxyBeanMethods = false)
    static class Outage {

        @Bean
        OutageStore idempotencyStore() {
            return new OutageStore();
        }
    }

    /** An error handler of the application's own, sending failed records to a dead-letter topic. */
    @Configuration(proxyBeanMethods = false)
    static class DeadLetterTopic {

        @Bean
        DefaultErrorHandler errorHandler(KafkaTemplate<Object, Object> template, @Value("${test.topic}") String topic) {
            return new DefaultErrorHandler(new DeadLetterPublishingRecoverer(
                    template, (record, failure) -> new TopicPartition(topic + ".dead", record.partition())));
        }
    }

    static class Orders {

        private final ListenerProbe probe;

        Orders(ListenerProbe probe) {
            this.probe = probe;
        }

        @KafkaListener(id = "orders", topics = "${test.topic}", groupId = "${test.group}", concurrency = "5")
        @Idempotent(scope = "orders", key = "#p0.key()")
        public void onOrder(ConsumerRecord<String, String> record) throws InterruptedException {
            probe.executed(record.key());
        }
    }

    /** Never acknowledges (its container acknowledges manually), so no offset is ever committed. */
    static class UnacknowledgedOrders {

        private final ListenerProbe probe;

        UnacknowledgedOrders(ListenerProbe probe) {
            this.probe = probe;
        }

        @KafkaListener(id = "unacknowledged", topics = "${test.topic}", groupId = "${test.group}")
        @Idempotent(scope = "orders", key = "#p0.key()")
        public void onOrder(ConsumerRecord<String, String> record) throws InterruptedException {
            probe.executed(record.key());
        }
    }
}
