package io.github.idempotency.spring.tx;

import io.github.idempotency.autoconfigure.BootLine;
import io.github.idempotency.autoconfigure.IdempotencyAutoConfiguration;
import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.IdempotencyStore;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Application contexts with a {@code DataSource}, its transaction manager (transaction advice at
 * order {@value #TRANSACTION_ORDER}), the auto-configured aspect and the {@link TxOrders} service.
 */
final class TxContexts {

    static final int TRANSACTION_ORDER = 100;

    /** Where the {@code @Idempotent} advice sits relative to a {@code @Transactional} one. */
    enum AspectOrder {
        /** The default relation: the aspect sees the method return after the commit. */
        OUTSIDE_TRANSACTION(TRANSACTION_ORDER - 50),
        /** The aspect runs inside the transaction. */
        INSIDE_TRANSACTION(TRANSACTION_ORDER + 50);

        final int order;

        AspectOrder(int order) {
            this.order = order;
        }
    }

    private TxContexts() {}

    /** The aspect over the JDBC store on {@code db}, the database the orders are written to. */
    static void runWithJdbcStore(TxDatabase db, AspectOrder order, ContextConsumer<AssertableApplicationContext> test) {
        db.require();
        String table = "idem_tx_" + TxDatabase.unique();
        jdbcStore(db, db.newUrl(), table, "tx_orders_" + TxDatabase.unique(), order)
                .run(context -> {
                    try {
                        test.accept(context);
                    } finally {
                        if (context.getStartupFailure() == null) {
                            dropTables(context, table);
                        }
                    }
                });
    }

    /**
     * The aspect over the JDBC store in {@code table} of the database at {@code url}, the orders in
     * {@code ordersTable}; either table is created unless it exists.
     */
    static ApplicationContextRunner jdbcStore(
            TxDatabase db, String url, String table, String ordersTable, AspectOrder order) {
        return base(order, ordersTable)
                .withBean(DataSource.class, () -> db.dataSource(url))
                .withPropertyValues(
                        "idempotency.store.type=jdbc",
                        "idempotency.store.jdbc.table-name=" + table,
                        "idempotency.store.jdbc.initialize-schema=always");
    }

    static void dropTables(AssertableApplicationContext context, String table) {
        context.getBean(TxOrders.class).dropTable();
        context.getBean(JdbcTemplate.class).execute("DROP TABLE IF EXISTS " + table);
    }

    /** The aspect over {@code store}; the orders go to an in-memory H2 database. */
    static ApplicationContextRunner withStore(IdempotencyStore store) {
        String url = TxDatabase.H2.newUrl();
        return base(AspectOrder.OUTSIDE_TRANSACTION, "tx_orders_" + TxDatabase.unique())
                .withBean(DataSource.class, () -> TxDatabase.H2.dataSource(url))
                .withBean("idempotencyStore", IdempotencyStore.class, () -> store);
    }

    private static ApplicationContextRunner base(AspectOrder order, String ordersTable) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        AopAutoConfiguration.class, BootLine.JACKSON, IdempotencyAutoConfiguration.class))
                .withUserConfiguration(Transactions.class)
                .withPropertyValues("idempotency.aspect.order=" + order.order, "test.orders-table=" + ordersTable);
    }

    static TransactionTemplate transaction(AssertableApplicationContext context) {
        return new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    }

    static String key(String id) {
        return IdempotencyKeys.buildKey(null, "txorders", id);
    }

    static String newId() {
        return "order-" + TxDatabase.unique();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement(order = TRANSACTION_ORDER)
    static class Transactions {

        @Bean
        DataSourceTransactionManager transactionManager(DataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }

        @Bean
        JdbcTemplate jdbcTemplate(DataSource dataSource) {
            return new JdbcTemplate(dataSource);
        }

        @Bean
        TxOrders txOrders(JdbcTemplate jdbcTemplate, @Value("${test.orders-table}") String table) {
            return new TxOrders(jdbcTemplate, table);
        }
    }
}
