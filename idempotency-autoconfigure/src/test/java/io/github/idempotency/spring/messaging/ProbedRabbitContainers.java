package io.github.idempotency.spring.messaging;

import io.github.idempotency.autoconfigure.BootLine;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.BeanFactory;

/** Rabbit listener containers that count every delivery on a {@link ListenerProbe}. */
final class ProbedRabbitContainers {

    private ProbedRabbitContainers() {}

    /** Boot's container factory, configured from the properties, counting deliveries before the listener. */
    static SimpleRabbitListenerContainerFactory factory(
            BeanFactory beans, ConnectionFactory connectionFactory, ListenerProbe probe) {
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        BootLine.configureRabbit(beans, factory, connectionFactory);
        factory.setAfterReceivePostProcessors(message -> {
            probe.delivered();
            return message;
        });
        return factory;
    }
}
