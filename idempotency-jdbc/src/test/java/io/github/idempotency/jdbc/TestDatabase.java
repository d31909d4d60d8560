package io.github.idempotency.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.idempotency.test.LoopbackServers;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** A database the tests run against, with a table of its own that is dropped afterwards. */
enum TestDatabase {
    H2(JdbcDialect.H2, null, 0, "jdbc:h2:mem:idempotency;DB_CLOSE_DELAY=-1", "sa"),
    POSTGRESQL(JdbcDialect.POSTGRESQL, "PostgreSQL", 5432, "jdbc:postgresql://127.0.0.1:5432/test", "postgres"),
    MARIADB(JdbcDialect.MARIADB, "MariaDB", 3306, "jdbc:mariadb://127.0.0.1:3306/test", "root");

    private final JdbcDialect dialect;
    private final String serverName;
    private final int port;
    private final String url;
    private final String user;

    TestDatabase(JdbcDialect dialect, String serverName, int port, String url, String user) {
        this.dialect = dialect;
        this.serverName = serverName;
        this.port = port;
        this.url = url;
        this.user = user;
    }

    JdbcDialect dialect() {
        return dialect;
    }

    /** Skips (or, in CI, fails) the calling test unless the server answers. */
    void require() {
        if (serverName != null) {
            LoopbackServers.require(serverName, port);
        }
    }

    /** The server's port on loopback, zero for the embedded database. */
    int port() {
        return port;
    }

    /**
     * One connection to the server on another loopback port, where a proxy forwards to it; never
     * closed by the store. PostgreSQL's driver waits for its cancel request after a query timeout,
     * so the URL limits that wait as docs/JDBC.md advises.
     */
    SingleConnectionDataSource connectionThrough(int proxyPort) {
        String proxied = url.replace(":" + port + "/", ":" + proxyPort + "/")
                + (dialect == JdbcDialect.POSTGRESQL ? "?cancelSignalTimeout=1" : "");
        return new SingleConnectionDataSource(proxied, user, "", true);
    }

    HikariDataSource newDataSource() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setMaximumPoolSize(8);
        config.setPoolName("idempotency-" + name().toLowerCase(java.util.Locale.ROOT));
        return new HikariDataSource(config);
    }

    /** Creates a table with a name unique to this run, from the shipped script. */
    String createTable(DataSource dataSource) {
        String table = "idem_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        JdbcIdempotencySchema.create(dataSource, dialect, table);
        return table;
    }

    void dropTable(DataSource dataSource, String table) {
        new JdbcTemplate(dataSource).execute("DROP TABLE IF EXISTS " + table);
    }
}
