package io.github.idempotency.spring.tx;

import io.github.idempotency.test.LoopbackServers;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A database the transaction tests run against; H2 always, the servers when they answer. */
enum TxDatabase {
    H2(null, 0, "sa"),
    POSTGRESQL("PostgreSQL", 5432, "postgres"),
    MARIADB("MariaDB", 3306, "root");

    private final @Nullable String serverName;
    private final int port;
    private final String user;

    TxDatabase(@Nullable String serverName, int port, String user) {
        this.serverName = serverName;
        this.port = port;
        this.user = user;
    }

    /** Skips (or, when servers are required, fails) the calling test unless the server answers. */
    void require() {
        if (serverName != null) {
            LoopbackServers.require(serverName, port);
        }
    }

    /** The JDBC URL; H2 gets a fresh in-memory database per call, the servers their {@code test} database. */
    String newUrl() {
        return switch (this) {
            case H2 -> "jdbc:h2:mem:tx" + unique() + ";DB_CLOSE_DELAY=-1";
            case POSTGRESQL -> "jdbc:postgresql://127.0.0.1:5432/test";
            case MARIADB -> "jdbc:mariadb://127.0.0.1:3306/test";
        };
    }

    String user() {
        return user;
    }

    DataSource dataSource(String url) {
        return new DriverManagerDataSource(url, user, "");
    }

    static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
