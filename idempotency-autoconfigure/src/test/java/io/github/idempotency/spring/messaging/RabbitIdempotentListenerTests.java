package io.github.idempotency.spring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.idempotency.autoconfigure.BootLine;
import io.github.idempotency.autoconfigure.IdempotencyAutoConfiguration;
import io.github.idempotency.autoconfigure.IdempotencyMessagingAutoConfiguration;
import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.RecordState;
import io.github.idempotency.spring.IdempotencyOutcome;
import io.github.idempotency.spring.Idempotent;
import io.github.idempotency.test.LoopbackServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;

/** {@code @Idempotent} on {@code @RabbitListener} methods, against the real RabbitMQ on loopback. */
class RabbitIdempotentListenerTests {

    private static final Duration RETRY_DELAY = Duration.ofMillis(200);

    private final String queue = "idempotency-test-" + UUID.randomUUID();
    private final String transactionalQueue = queue + ".tx";
    private final String idempotencyTable = "idem_rabbit_" + unique();
    private final String ordersTable = "rabbit_orders_" + unique();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    AopAutoConfiguration.class,
                    BootLine.JACKSON,
                    BootLine.RABBIT,
                    IdempotencyAutoConfiguration.class,
                    IdempotencyMessagingAutoConfiguration.class))
            .withUserConfiguration(Listeners.class)
            .withPropertyValues(
                    "spring.rabbitmq.host=127.0.0.1",
                    "spring.rabbitmq.port=5672",
                    "spring.rabbitmq.listener.simple.prefetch=1",
                    "idempotency.messaging.retry-delay=" + RETRY_DELAY.toMillis() + "ms",
                    "test.queue=" + queue);

    @BeforeAll
    static void rabbitMq() {
        LoopbackServers.require("RabbitMQ", 5672);
    }

    @Test
    void fiveConcurrentCopiesRunOnceAndAreEachDeliveredOnce() {
        runner.run(context -> {
            ListenerProbe probe = context.getBean(ListenerProbe.class);
            probe.holdExecutionsUntilDelivered(5);
            RabbitTemplate template = context.getBean(RabbitTemplate.class);
            for (int i = 0; i < 5; i++) {
                template.send(queue, order("order-1"));
            }
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(probe.outcomes(IdempotencyOutcome.REPLAYED))
                            .isEqualTo(4));
            assertThat(probe.executions("order-1")).isEqualTo(1);
            assertThat(probe.outcomes(IdempotencyOutcome.EXECUTED)).isEqualTo(1);
            assertThat(probe.outcomes(IdempotencyOutcome.CONFLICT)).isZero();
            assertThat(probe.deliveries()).isEqualTo(5);
        });
    }

    @Test
    void messageWithoutKeyIsDeadLetteredNotRequeued() {
        runner.run(context -> {
            ListenerProbe probe = context.getBean(ListenerProbe.class);
            RabbitTemplate template = context.getBean(RabbitTemplate.class);
            template.send(queue, MessageBuilder.withBody(bytes("no id")).build());

            Message deadLettered = template.receive(queue + ".dlq", 20_000);

            assertThat(deadLettered).isNotNull();
            assertThat(deadLettered.getBody()).isEqualTo(bytes("no id"));
            assertThat(probe.deliveries()).isEqualTo(1);
            assertThat(probe.executions()).isZero();
            assertThat(probe.outcomes(IdempotencyOutcome.REJECTED)).isEqualTo(1);
        });
    }

    @Test
    void storeOutageRedeliversLaterAndRunsOnceWhenTheStoreIsBack() {
        // Two redeliveries, each after the consumer paused: no hot loop while the store is down.
        runner.run(context -> StoreOutages.redeliveredWhileDownThenRunOnce(
                context,
                () -> context.getBean(RabbitTemplate.class).send(queue, order("order-2")),
                "order-2",
                3,
                RETRY_DELAY.multipliedBy(2)));
    }

    @Test
    void recordedFailureIsReplayedToTheRedeliveryAndAcknowledged() {
        runner.run(context -> {
            ListenerProbe probe = context.getBean(ListenerProbe.class);
            RabbitTemplate template = context.getBean(RabbitTemplate.class);
            template.send(
                    queue + ".declined",
                    MessageBuilder.withBody(bytes("declined"))
                            .setHeader("orderId", "order-3")
                            .build());

            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(probe.outcomes(IdempotencyOutcome.REPLAYED))
                            .isEqualTo(1));
            // The failure requeued the message once; its redelivery replayed the failure and was
            // acknowledged, so nothing is left to deliver.
            assertThat(template.receive(queue + ".declined", 500)).isNull();
            assertThat(probe.executions("order-3")).isEqualTo(1);
            assertThat(probe.deliveries()).isEqualTo(2);
        });
    }

    @Test
    void transactionalListenerRollsTheRowAndTheRecordBackTogetherSoTheRedeliveryRunsOnce() {
        LoopbackServers.require("PostgreSQL", 5432);
        runTransactional((context, orders) -> {
            TransactionalListenerScenarios.rolledBackThenRunOnce(
                    context,
                    orders,
                    () -> context.getBean(RabbitTemplate.class).send(transactionalQueue, order("order-4")),
                    "order-4");
            assertThat(context.getBean(IdempotencyStore.class).get(key("order-4")))
                    .hasValueSatisfying(record -> assertThat(record.state()).isEqualTo(RecordState.COMPLETE));
        });
    }

    @Test
    void transactionalListenerFailingAfterTheCommitHasItsRedeliveryReplayed() {
        LoopbackServers.require("PostgreSQL", 5432);
        runTransactional((context, orders) -> {
            RabbitTemplate template = context.getBean(RabbitTemplate.class);
            TransactionalListenerScenarios.failedAfterTheCommitThenReplayed(
                    context, orders, () -> template.send(transactionalQueue, order("order-5")), "order-5");
            // the replayed redelivery was acknowledged: nothing is left to deliver
            assertThat(template.receive(transactionalQueue, 500)).isNull();
        });
    }

    @Test
    void transactionalListenerCrashingAfterTheCommitHasItsRedeliveryReplayedByTheNextProcess() throws Exception {
        LoopbackServers.require("PostgreSQL", 5432);
        publishBeforeAnyConsumer(order("order-6"));
        String child = ConsumeThenCrash.runToTheCrash("rabbitmq", transactionalQueue, idempotencyTable, ordersTable);

        runTransactional((context, orders) -> {
            ListenerProbe probe = context.getBean(ListenerProbe.class);
            assertThat(orders.rows("order-6"))
                    .as("committed by the child; " + child)
                    .isEqualTo(1);

            // the broker delivers the message the halted process never acknowledged
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(probe.outcomes(IdempotencyOutcome.REPLAYED))
                            .isEqualTo(1));
            assertThat(probe.executions()).isZero();
            assertThat(probe.deliveries()).isEqualTo(1);
            assertThat(orders.rows("order-6")).isEqualTo(1);
            assertThat(context.getBean(RabbitTemplate.class).receive(transactionalQueue, 500))
                    .isNull();
        });
    }

    private void runTransactional(OrderTable.Test test) {
        TransactionalRabbitOrders.runner(transactionalQueue, idempotencyTable, ordersTable)
                .run(OrderTable.droppingTables(idempotencyTable, test));
    }

    /** Declares the transactional queue and leaves one message in it, with no listener running. */
    private void publishBeforeAnyConsumer(Message message) {
        CachingConnectionFactory connectionFactory = new CachingConnectionFactory("127.0.0.1", 5672);
        try {
            new RabbitAdmin(connectionFactory).declareQueue(TransactionalRabbitOrders.queue(transactionalQueue));
            new RabbitTemplate(connectionFactory).send(transactionalQueue, message);
        } finally {
            connectionFactory.destroy();
        }
    }

    private static String key(String id) {
        return IdempotencyKeys.buildKey(null, "txorders", id);
    }

    private static Message order(String id) {
        return MessageBuilder.withBody(bytes(id)).setMessageId(id).build();
    }

    private static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Thrown by the declined-orders listener; recorded, so a redelivery gets it replayed. */
    static class OrderDeclined extends RuntimeException {
        OrderDeclined(String message) {
            super(message);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Listeners {

        @Bean
        ListenerProbe listenerProbe() {
            return new ListenerProbe();
        }

        @Bean
        OutageStore idempotencyStore() {
            return new OutageStore();
        }

        @Bean
        Queue work(@Value("${test.queue}") String name) {
            return QueueBuilder.nonDurable(name)
                    .expires(60_000)
                    .deadLetterExchange("")
                    .deadLetterRoutingKey(name + ".dlq")
                    .build();
        }

        @Bean
        Queue deadLetters(@Value("${test.queue}") String name) {
            return QueueBuilder.nonDurable(name + ".dlq").expires(60_000).build();
        }

        @Bean
        Queue declined(@Value("${test.queue}") String name) {
            return QueueBuilder.nonDurable(name + ".declined").expires(60_000).build();
        }

        @Bean
        SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory(
                BeanFactory beans, ConnectionFactory connectionFactory, ListenerProbe probe) {
            return ProbedRabbitContainers.factory(beans, connectionFactory, probe);
        }

        @Bean
        Orders orders(ListenerProbe probe) {
            return new Orders(probe);
        }
    }

    static class Orders {

        private final ListenerProbe probe;

        Orders(ListenerProbe probe) {
            this.probe = probe;
        }

        @RabbitListener(queues = "${test.queue}", concurrency = "5")
        @Idempotent(scope = "orders", key = "#p0.messageProperties.messageId")
        public void onOrder(Message message) throws InterruptedException {
            probe.executed(message.getMessageProperties().getMessageId());
        }

        @RabbitListener(queues = "${test.queue}.declined")
        @Idempotent(scope = "orders", key = "#p1", recordFailures = OrderDeclined.class)
        public void onDeclined(String body, @Header("orderId") String orderId) throws InterruptedException {
            probe.executed(orderId);
            throw new OrderDeclined("order " + orderId + " declined");
        }
    }
}
