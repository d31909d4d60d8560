package io.github.idempotency.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.test.AbstractIdempotencyStoreContractTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

/** Runs the store contract against one database, in a table of its own dropped afterwards. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcStoreContractTestSupport extends AbstractIdempotencyStoreContractTest {

    private HikariDataSource dataSource;
    private String table;

    abstract TestDatabase database();

    @BeforeAll
    void createTable() {
        database().require();
        dataSource = database().newDataSource();
        table = database().createTable(dataSource);
    }

    @AfterAll
    void dropTable() {
        if (dataSource != null) {
            database().dropTable(dataSource, table);
            dataSource.close();
        }
    }

    @Override
    protected IdempotencyStore createStore(Duration defaultLease, int maxResultBytes) {
        // no dialect given: detection from the DataSource is part of what runs here
        return new JdbcIdempotencyStore(
                new JdbcTemplate(dataSource),
                new JdbcIdempotencyStore.Options(
                        table, defaultLease, maxResultBytes, JdbcIdempotencyStore.Options.DEFAULT_SWEEP_BATCH_SIZE));
    }

    /** Waits: leases run on the database clock, which a test cannot move. */
    @Override
    protected void elapse(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
