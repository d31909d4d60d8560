package io.github.idempotency.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.idempotency.sample.orders.OrderMessages;
import io.github.idempotency.sample.orders.OrderRequest;
import io.github.idempotency.test.LoopbackServers;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The sample's {@code rabbit} profile: copies of one order message create one order. */
@SpringBootTest(classes = SampleApplication.class)
@ActiveProfiles("rabbit")
class RabbitSampleTests {

    private static final String QUEUE = "sample-order-messages-test-" + UUID.randomUUID();

    @Autowired
    private OrderMessages orderMessages;

    @Autowired
    private MeterRegistry registry;

    @Autowired
    private AmqpAdmin admin;

    @BeforeAll
    static void requireRabbitMq() {
        LoopbackServers.require("RabbitMQ", 5672);
    }

    @DynamicPropertySource
    static void queue(DynamicPropertyRegistry properties) {
        properties.add("sample.order-messages.queue", () -> QUEUE);
    }

    @AfterEach
    void deleteQueues() {
        admin.deleteQueue(QUEUE);
        admin.deleteQueue(QUEUE + ".dlq");
    }

    @Test
    void fiveCopiesOfAnOrderMessageCreateOneOrder() {
        orderMessages.publish("msg-" + UUID.randomUUID(), 5, new OrderRequest("espresso", 2));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(calls("replayed")).isEqualTo(4));
        assertThat(calls("executed")).isEqualTo(1);
        assertThat(orderMessages.list()).hasSize(1);
        assertThat(orderMessages.list().get(0).item()).isEqualTo("espresso");
    }

    private double calls(String outcome) {
        var counter = registry.find("idempotency.calls")
                .tags("scope", "order-messages", "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
