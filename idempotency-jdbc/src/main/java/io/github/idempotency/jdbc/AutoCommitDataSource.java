package io.github.idempotency.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.Executor;
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
 *
 * <p>With a network timeout, each borrowed connection's socket gives up waiting for the database
 * after that long ({@link Connection#setNetworkTimeout}), and gets its own timeout back before it
 * returns to the pool. A driver that does not support network timeouts is used without one.
 */
final class AutoCommitDataSource extends DelegatingDataSource {

    private static final Executor DIRECT = Runnable::run;

    private final int networkTimeoutMillis;

    /**
     * @param networkTimeoutMillis the socket timeout of borrowed connections, zero to leave it as the
     *     pool set it
     */
    AutoCommitDataSource(DataSource dataSource, int networkTimeoutMillis) {
        super(unwrapTransactionAware(dataSource));
        this.networkTimeoutMillis = networkTimeoutMillis;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return prepared(obtainTargetDataSource().getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return prepared(obtainTargetDataSource().getConnection(username, password));
    }

    private Connection prepared(Connection connection) throws SQLException {
        boolean autoCommit;
        int previousTimeout;
        try {
            autoCommit = connection.getAutoCommit();
            previousTimeout = networkTimeoutMillis > 0 ? networkTimeout(connection) : -1;
            if (autoCommit && previousTimeout < 0) {
                return connection;
            }
            if (!autoCommit) {
                connection.setAutoCommit(true);
            }
            if (previousTimeout >= 0) {
                connection.setNetworkTimeout(DIRECT, networkTimeoutMillis);
            }
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
                    case "close" -> restoreAndClose(connection, autoCommit, previousTimeout);
                    default -> invoke(connection, method, args);
                });
    }

    /** The connection's network timeout, or -1 when its driver has none. */
    private static int networkTimeout(Connection connection) throws SQLException {
        try {
            return connection.getNetworkTimeout();
        } catch (SQLFeatureNotSupportedException | AbstractMethodError unsupported) {
            return -1;
        }
    }

    /** Hands the connection back as the pool gave it: some pools do not reset these themselves. */
    private static @Nullable Void restoreAndClose(Connection connection, boolean autoCommit, int previousTimeout)
            throws SQLException {
        if (!connection.isClosed()) {
            try {
                if (previousTimeout >= 0) {
                    connection.setNetworkTimeout(DIRECT, previousTimeout);
                }
                if (!autoCommit) {
                    connection.setAutoCommit(false);
                }
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
