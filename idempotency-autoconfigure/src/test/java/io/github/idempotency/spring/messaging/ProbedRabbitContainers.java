package io.github.idempotency.spring.messaging;

import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;

/** Rabbit listener containers that count every delivery on a {@link ListenerProbe}. */
final class ProbedRabbitContainers {

    private ProbedRabbitContainers() {}

    /** Boot's container factory, configured from the properties, counting deliveries before the listener. */
    static SimpleRabbitListenerContainerFactory factory(
            SimpleRabbitListenerContainerFactoryConfigurer configurer,
            ConnectionFactory connectionFactory,
            ListenerProbe probe) {
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        configurer.configure(factory, connectionFactory);
        factory.setAfterReceivePostProcessors(message -> {
            probe.delivered();
            return message;
        });
        return factory;
    }
}
