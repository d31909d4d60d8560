package io.github.idempotency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/** One sweep batch reads about its own rows through the indexes, however large the expired backlog. */
class PostgresSweepPlanTests {

    @RegisterExtension
    static final TestTables TABLES = new TestTables();

    private static final int BACKLOG = 100_000;
    private static final int BATCH = 1000;

    @Test
    void aSweepBatchUsesTheIndexesInsteadOfScanningTheBacklog() {
        TestTables.Table table = TABLES.create(TestDatabase.POSTGRESQL);
        JdbcTemplate jdbc = new JdbcTemplate(table.pool());
        jdbc.update("INSERT INTO " + table.name() + " (idempotency_key, state, created_at, updated_at, expires_at)"
                + " SELECT 'v1:local:plan:' || lpad(to_hex(g), 64, '0'), 'complete', now() - INTERVAL '2 days',"
                + " now() - INTERVAL '2 days', now() - INTERVAL '1 day' - g * INTERVAL '1 millisecond'"
                + " FROM generate_series(1, " + BACKLOG + ") AS g");
        jdbc.update("INSERT INTO " + table.name() + " (idempotency_key, state, created_at, updated_at, expires_at)"
                + " SELECT 'v1:local:live:' || lpad(to_hex(g), 64, '0'), 'in_progress', now(), now(),"
                + " now() + INTERVAL '1 hour' FROM generate_series(1, 200) AS g");
        jdbc.execute("ANALYZE " + table.name());
        String sweep = PostgresStatements.create(table.name(), BATCH).sweepBatch();

        List<String> plan = jdbc.queryForList("EXPLAIN " + sweep, String.class);

        assertThat(String.join("\n", plan))
                .as("plan of %s", sweep)
                .doesNotContain("Seq Scan", "Hash")
                .contains("Index Scan using " + table.name() + "_expires_at_idx")
                .contains("Index Scan using " + table.name() + "_pkey");
        JdbcIdempotencyStore store = new JdbcIdempotencyStore(
                jdbc,
                JdbcDialect.POSTGRESQL,
                new JdbcIdempotencyStore.Options(table.name(), Duration.ofMinutes(5), 1024, BATCH));
        assertThat(store.sweep()).isEqualTo(BACKLOG);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM " + table.name(), Integer.class))
                .isEqualTo(200);
    }
}
