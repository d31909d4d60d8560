package io.github.idempotency.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the statements sent through it: every {@code prepareStatement}, {@code prepareCall} and
 * {@code createStatement} on its connections is one statement, as {@code JdbcTemplate} prepares
 * a new statement for each execution.
 */
final class CountingDataSource extends DelegatingDataSource {

    private final AtomicInteger statements = new AtomicInteger();

    CountingDataSource(DataSource target) {
        super(target);
    }

    int statements() {
        return statements.get();
    }

    void reset() {
        statements.set(0);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = super.getConnection();
        InvocationHandler handler = (proxy, method, args) -> {
            if (countsAsStatement(method)) {
                statements.incrementAndGet();
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection)
                Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private static boolean countsAsStatement(Method method) {
        String name = method.getName();
        return name.equals("prepareStatement") || name.equals("prepareCall") || name.equals("createStatement");
    }
}
