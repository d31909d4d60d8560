package io.github.idempotency.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * The store's view of the application's {@code DataSource}: connections on which every statement
 * commits at once, whatever transaction the calling thread has open.
 *
 * <p>Spring binds a transaction's connection to the {@code DataSource} object its transaction
 * manager uses, and {@code JdbcTemplate} joins it by looking that object up. This wrapper is a
 * different object, so the lookup misses and the template borrows another connection from the pool:
 * a rollback of the caller's work cannot erase a lease or a stored result, and an in-progress record
 * is visible to every instance as soon as its statement returns. It costs no round trip, unlike a
 * {@code REQUIRES_NEW} transaction (begin and commit). While a caller's transaction is open, Spring
 * keeps the borrowed connection for that transaction's lifetime, as for any second {@code
 * DataSource}.
 *
 * <p>A {@link TransactionAwareDataSourceProxy} is unwrapped, since its connections join the
 * transaction by themselves. A pool that hands out connections with auto-commit off gets it
 * switched on for the store's use and back off before the connection returns, as Spring's {@code
 * DataSourceTransactionManager} does the other way round; otherwise the pool would roll the
 * store's statements back.
 */
final class AutoCommitDataSource extends DelegatingDataSource {

    AutoCommitDataSource(DataSource dataSource) {
        super(unwrapTransactionAware(dataSource));
    }

    @Override
    public Connection getConnection() throws SQLException {
        return autoCommitting(obtainTargetDataSource().getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return autoCommitting(obtainTargetDataSource().getConnection(username, password));
    }

    private static Connection autoCommitting(Connection connection) throws SQLException {
        if (connection.getAutoCommit()) {
            return connection;
        }
        try {
            connection.setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "close" -> restoreAndClose(connection);
                    default -> invoke(connection, method, args);
                });
    }

    /** Hands the connection back as the pool gave it: some pools do not reset auto-commit themselves. */
    private static @Nullable Void restoreAndClose(Connection connection) throws SQLException {
        if (!connection.isClosed()) {
            try {
                connection.setAutoCommit(false);
            } finally {
                connection.close();
            }
        }
        return null;
    }

    private static @Nullable Object invoke(Connection connection, Method method, Object @Nullable [] args)
            throws Throwable {
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static DataSource unwrapTransactionAware(DataSource dataSource) {
        DataSource target = dataSource;
        while (target instanceof TransactionAwareDataSourceProxy proxy && proxy.getTargetDataSource() != null) {
            target = proxy.getTargetDataSource();
        }
        return target;
    }
}
