package io.github.idempotency.spring.messaging;

import io.github.idempotency.autoconfigure.BootLine;
import io.github.idempotency.autoconfigure.IdempotencyAutoConfiguration;
import io.github.idempotency.autoconfigure.IdempotencyMessagingAutoConfiguration;
import io.github.idempotency.spring.Idempotent;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.annotation.Transactional;

/**
 * A transactional {@code @RabbitListener} that places orders in an {@link OrderTable} on PostgreSQL,
 * with the JDBC store on the same database: {@code @Transactional} on the listener method.
 */
final class TransactionalRabbitOrders {

    private TransactionalRabbitOrders() {}

    /**
     * A context consuming {@code queue}, the idempotency records in {@code table} and the orders in
     * {@code ordersTable}; either table is created unless it exists.
     */
    static ApplicationContextRunner runner(String queue, String table, String ordersTable) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        AopAutoConfiguration.class,
                        BootLine.JACKSON,
                        BootLine.RABBIT,
                        IdempotencyAutoConfiguration.class,
                        IdempotencyMessagingAutoConfiguration.class))
                .withUserConfiguration(Listener.class)
                .withPropertyValues(
                        "spring.rabbitmq.host=127.0.0.1",
                        "spring.rabbitmq.port=5672",
                        "spring.rabbitmq.listener.simple.prefetch=1",
                        "test.queue=" + queue)
                .withPropertyValues(OrderTable.properties(table, ordersTable));
    }

    /** The queue the listener consumes; declared the same way by every process that uses it. */
    static Queue queue(String name) {
        return QueueBuilder.nonDurable(name).expires(120_000).build();
    }

    @Configuration(proxyBeanMethods = false)
    @Import(OrderTable.Database.class)
    static class Listener {

        @Bean
        ListenerProbe listenerProbe() {
            return new ListenerProbe();
        }

        @Bean
        Queue orderQueue(@Value("${test.queue}") String name) {
            return queue(name);
        }

        @Bean
        SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory(
                BeanFactory beans, ConnectionFactory connectionFactory, ListenerProbe probe) {
            return ProbedRabbitContainers.factory(beans, connectionFactory, probe);
        }

        @Bean
        Orders orders(OrderTable table, ListenerProbe probe) {
            return new Orders(table, probe);
        }
    }

    /** Places one order per message, in the listener method's own transaction. */
    static class Orders {

        private final OrderTable table;
        private final ListenerProbe probe;

        Orders(OrderTable table, ListenerProbe probe) {
            this.table = table;
            this.probe = probe;
        }

        @RabbitListener(queues = "${test.queue}")
        @Idempotent(scope = "txorders", key = "#p0.messageProperties.messageId")
        @Transactional
        public void onOrder(Message message) throws InterruptedException {
            String id = message.getMessageProperties().getMessageId();
            probe.executed(id);
            table.insert(id);
        }
    }
}
