package io.github.idempotency.spring.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Orders placed as rows of a PostgreSQL table by transactional listeners, through the application's
 * transaction; a test can make the next insert do something more inside that transaction.
 */
final class OrderTable {

    private final JdbcTemplate jdbc;
    private final String table;
    private final AtomicReference<Runnable> nextAfterInsert = new AtomicReference<>(() -> {});

    OrderTable(JdbcTemplate jdbc, String table) {
        this.jdbc = jdbc;
        this.table = table;
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + table + " (id VARCHAR(64) NOT NULL)");
    }

    /**
     * The properties of a context with the JDBC store in {@code idempotencyTable} and the orders in
     * {@code ordersTable}, both on the database of {@link Database}.
     */
    static String[] properties(String idempotencyTable, String ordersTable) {
        return new String[] {
            "idempotency.store.type=jdbc",
            "idempotency.store.jdbc.table-name=" + idempotencyTable,
            "idempotency.store.jdbc.initialize-schema=always",
            "test.orders-table=" + ordersTable
        };
    }

    /**
     * A test of a context with the order table: checks that the context started, runs {@code test},
     * and drops the order table and {@code idempotencyTable} however it ends.
     */
    static ContextConsumer<AssertableApplicationContext> droppingTables(String idempotencyTable, Test test) {
        return context -> {
            assertThat(context).hasNotFailed();
            OrderTable orders = context.getBean(OrderTable.class);
            try {
                test.accept(context, orders);
            } finally {
                orders.dropTables(idempotencyTable);
            }
        };
    }

    /** Inserts one row, then runs what {@link #afterNextInsert} left for this insert, if anything. */
    void insert(String id) {
        jdbc.update("INSERT INTO " + table + " (id) VALUES (?)", id);
        nextAfterInsert.getAndSet(() -> {}).run();
    }

    /** Runs {@code action} after the next insert only, inside its transaction. */
    void afterNextInsert(Runnable action) {
        nextAfterInsert.set(action);
    }

    /**
     * Runs {@code action} once the transaction of the next insert has committed, from its
     * {@code afterCommit} callback.
     */
    void afterNextCommit(Runnable action) {
        afterNextInsert(
                () -> TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        action.run();
                    }
                }));
    }

    int rows(String id) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE id = ?", Integer.class, id);
        return count == null ? 0 : count;
    }

    void dropTables(String idempotencyTable) {
        jdbc.execute("DROP TABLE IF EXISTS " + table);
        jdbc.execute("DROP TABLE IF EXISTS " + idempotencyTable);
    }

    /** A test given the context and its order table. */
    @FunctionalInterface
    interface Test {
        void accept(AssertableApplicationContext context, OrderTable orders) throws Exception;
    }

    /**
     * PostgreSQL on loopback, its transaction manager (the advice at its default order, so the
     * {@code @Idempotent} aspect runs outside it) and the order table.
     */
    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement
    static class Database {

        @Bean
        DataSource dataSource() {
            return new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
        }

        @Bean
        JdbcTransactionManager transactionManager(DataSource dataSource) {
            return new JdbcTransactionManager(dataSource);
        }

        @Bean
        OrderTable orderTable(DataSource dataSource, @Value("${test.orders-table}") String table) {
            return new OrderTable(new JdbcTemplate(dataSource), table);
        }
    }
}
