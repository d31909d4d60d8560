package io.github.idempotency.spring.messaging;

import io.github.idempotency.autoconfigure.IdempotencyAutoConfiguration;
import io.github.idempotency.autoconfigure.IdempotencyMessagingAutoConfiguration;
import io.github.idempotency.spring.Idempotent;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/**
 * A transactional {@code @RabbitListener} that places orders as rows of a PostgreSQL table, with the
 * JDBC store on the same database: {@code @Transactional} on the listener method, the transaction
 * advice at its default order (so the {@code @Idempotent} aspect runs outside it).
 */
final class TransactionalRabbitOrders {

    static final String POSTGRESQL = "jdbc:postgresql://127.0.0.1:5432/test";

    private TransactionalRabbitOrders() {}

    /**
     * A context consuming {@code queue}, the idempotency records in {@code table} and the orders in
     * {@code ordersTable}; either table is created unless it exists.
     */
    static ApplicationContextRunner runner(String queue, String table, String ordersTable) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        AopAutoConfiguration.class,
                        JacksonAutoConfiguration.class,
                        RabbitAutoConfiguration.class,
                        IdempotencyAutoConfiguration.class,
                        IdempotencyMessagingAutoConfiguration.class))
                .withUserConfiguration(Listener.class)
                .withPropertyValues(
                        "spring.rabbitmq.host=127.0.0.1",
                        "spring.rabbitmq.port=5672",
                        "spring.rabbitmq.listener.simple.prefetch=1",
                        "idempotency.store.type=jdbc",
                        "idempotency.store.jdbc.table-name=" + table,
                        "idempotency.store.jdbc.initialize-schema=always",
                        "test.queue=" + queue,
                        "test.orders-table=" + ordersTable);
    }

    /** The queue the listener consumes; declared the same way by every process that uses it. */
    static Queue queue(String name) {
        return QueueBuilder.nonDurable(name).expires(120_000).build();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement
    static class Listener {

        @Bean
        DataSource dataSource() {
            return new DriverManagerDataSource(POSTGRESQL, "postgres", "");
        }

        @Bean
        JdbcTransactionManager transactionManager(DataSource dataSource) {
            return new JdbcTransactionManager(dataSource);
        }

        @Bean
        JdbcTemplate jdbcTemplate(DataSource dataSource) {
            return new JdbcTemplate(dataSource);
        }

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

        @Bean
        Orders orders(JdbcTemplate jdbc, ListenerProbe probe, @Value("${test.orders-table}") String table) {
            return new Orders(jdbc, probe, table);
        }
    }

    /** Inserts one row per run; a test can make the next run do something more after its insert. */
    static class Orders {

        private final JdbcTemplate jdbc;
        private final ListenerProbe probe;
        private final String table;
        private final AtomicReference<Runnable> nextAfterInsert = new AtomicReference<>(() -> {});

        Orders(JdbcTemplate jdbc, ListenerProbe probe, String table) {
            this.jdbc = jdbc;
            this.probe = probe;
            this.table = table;
            jdbc.execute("CREATE TABLE IF NOT EXISTS " + table + " (id VARCHAR(64) NOT NULL)");
        }

        /** Runs {@code action} inside the transaction of the next run only, after its insert. */
        void afterNextInsert(Runnable action) {
            nextAfterInsert.set(action);
        }

        int rows(String id) {
            Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE id = ?", Integer.class, id);
            return count == null ? 0 : count;
        }

        void dropTables(String idempotencyTable) {
            jdbc.execute("DROP TABLE IF EXISTS " + table);
            jdbc.execute("DROP TABLE IF EXISTS " + idempotencyTable);
        }

        @RabbitListener(queues = "${test.queue}")
        @Idempotent(scope = "txorders", key = "#p0.messageProperties.messageId")
        @Transactional
        public void onOrder(Message message) throws InterruptedException {
            String id = message.getMessageProperties().getMessageId();
            probe.executed(id);
            jdbc.update("INSERT INTO " + table + " (id) VALUES (?)", id);
            nextAfterInsert.getAndSet(() -> {}).run();
        }
    }
}
