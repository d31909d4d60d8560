package io.github.idempotency.jdbc;

import java.time.Duration;

/**
 * The two limits one statement timeout sets. The driver's query timeout cancels a statement the
 * database is slow to answer, and the connection survives; but the cancel travels to the database
 * too, so in a network partition nothing answers. The socket's read timeout ends that wait on the
 * client: one second after the query timeout, so a live database cancels first.
 */
final class StatementTimeouts {

    private static final long SOCKET_MARGIN_MILLIS = 1000;

    private StatementTimeouts() {}

    /** The JDBC query timeout: whole seconds, rounded up; zero for none. */
    static int querySeconds(JdbcIdempotencyStore.Options options) {
        Duration timeout = options.statementTimeout();
        if (timeout.isZero()) {
            return 0;
        }
        long seconds = timeout.getSeconds() + (timeout.getNano() > 0 ? 1 : 0);
        return (int) Math.min(seconds, Integer.MAX_VALUE);
    }

    /** The connection's network timeout in milliseconds; zero for none. */
    static int socketMillis(JdbcIdempotencyStore.Options options) {
        int seconds = querySeconds(options);
        return seconds == 0 ? 0 : (int) Math.min(seconds * 1000L + SOCKET_MARGIN_MILLIS, Integer.MAX_VALUE);
    }
}
