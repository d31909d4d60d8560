package io.github.idempotency.sample.orders;

import io.github.idempotency.spring.Idempotent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.annotation.Argument;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Order messages, in the {@code rabbit} profile: {@code POST /order-messages} publishes copies of one
 * message, as an at-least-once publisher or a redelivery would, and the idempotent listener creates
 * one order per message id. A message without an id is dead-lettered to the queue's {@code .dlq}.
 */
@Profile("rabbit")
@RestController
@RequestMapping("/order-messages")
public class OrderMessages {

    private static final Log logger = LogFactory.getLog(OrderMessages.class);

    private final Queue<Order> orders = new ConcurrentLinkedQueue<>();
    private final RabbitTemplate rabbit;
    private final JsonMapper mapper;
    private final String queue;

    /**
     * Creates the publisher and listener.
     *
     * @param rabbit publishes the messages
     * @param mapper reads and writes their JSON bodies
     * @param queue the queue ({@code sample.order-messages.queue})
     */
    public OrderMessages(
            RabbitTemplate rabbit, JsonMapper mapper, @Value("${sample.order-messages.queue}") String queue) {
        this.rabbit = rabbit;
        this.mapper = mapper;
        this.queue = queue;
    }

    /**
     * Publishes copies of one order message.
     *
     * @param messageId the message id, the listener's idempotency key; none publishes keyless messages
     * @param copies how many copies to publish
     * @param request the order
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public void publish(
            @RequestHeader(name = "Message-Id", required = false) String messageId,
            @RequestParam(defaultValue = "1") int copies,
            @RequestBody OrderRequest request) {
        MessageBuilder message = MessageBuilder.withBody(mapper.writeValueAsBytes(request));
        if (messageId != null) {
            message.setMessageId(messageId);
        }
        for (int i = 0; i < copies; i++) {
            rabbit.send(queue, message.build());
        }
    }

    /**
     * Creates the order of a message, once per message id; every copy after the first is acknowledged
     * without creating another.
     *
     * @param message the order message
     */
    @RabbitListener(
            queuesToDeclare =
                    @org.springframework.amqp.rabbit.annotation.Queue(
                            name = "${sample.order-messages.queue}",
                            arguments = {
                                @Argument(name = "x-dead-letter-exchange", value = ""),
                                @Argument(
                                        name = "x-dead-letter-routing-key",
                                        value = "${sample.order-messages.queue}.dlq")
                            }))
    @Idempotent(scope = "order-messages", key = "#p0.messageProperties.messageId")
    public void onOrder(Message message) {
        OrderRequest request = mapper.readValue(message.getBody(), OrderRequest.class);
        Order order = new Order(
                UUID.randomUUID(), String.valueOf(request.item()), request.quantity(), "local", Instant.now());
        orders.add(order);
        logger.info("Order " + order.id() + " created from message "
                + message.getMessageProperties().getMessageId());
    }

    /**
     * Logs a dead-lettered message: one that had no id, so no idempotency key.
     *
     * @param message the rejected message
     */
    @RabbitListener(
            queuesToDeclare = @org.springframework.amqp.rabbit.annotation.Queue("${sample.order-messages.queue}.dlq"))
    public void onDeadLetter(Message message) {
        logger.warn("Dead-lettered order message: " + new String(message.getBody(), StandardCharsets.UTF_8));
    }

    /**
     * Lists the orders the listener created, oldest first.
     *
     * @return the orders
     */
    @GetMapping
    public List<Order> list() {
        return List.copyOf(orders);
    }
}
