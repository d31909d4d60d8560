package io.github.idempotency.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.jdbc.JdbcDialect;
import io.github.idempotency.jdbc.JdbcIdempotencySchema;
import io.github.idempotency.jdbc.JdbcIdempotencyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The JDBC store's {@code tryBegin} then {@code complete} (256-byte result) on fresh keys against
 * PostgreSQL (127.0.0.1:5432, database {@code test}) and MariaDB (127.0.0.1:3306, database {@code
 * test}) through HikariCP, next to a bare {@code SELECT 1} through the same pool: one round trip.
 * Each run creates a table of its own from the shipped schema script, empties it after each
 * iteration and drops it at the end.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class JdbcStoreBenchmark {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration RETENTION = Duration.ofMinutes(10);
    private static final int KEYS_PER_ITERATION = 200_000;

    @Param({"postgresql", "mariadb"})
    public String database;

    private final byte[] result = new byte[256];
    private final FreshKeys source = new FreshKeys("pay");
    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;
    private String table;
    private JdbcIdempotencyStore store;
    private FreshKeys.Ring keys;

    @Setup(Level.Trial)
    public void createTable() {
        Arrays.fill(result, (byte) 'r');
        JdbcDialect dialect;
        HikariConfig config = new HikariConfig();
        if (database.equals("postgresql")) {
            dialect = JdbcDialect.POSTGRESQL;
            config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
            config.setUsername("postgres");
        } else if (database.equals("mariadb")) {
            dialect = JdbcDialect.MARIADB;
            config.setJdbcUrl("jdbc:mariadb://127.0.0.1:3306/test");
            config.setUsername("root");
        } else {
            throw new IllegalArgumentException("database is postgresql or mariadb, not " + database);
        }
        config.setMaximumPoolSize(2);
        config.setPoolName("idempotency-bench-" + database);
        dataSource = new HikariDataSource(config);
        jdbc = new JdbcTemplate(dataSource);
        table = "idem_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        JdbcIdempotencySchema.create(dataSource, dialect, table);
        JdbcIdempotencyStore.Options defaults = JdbcIdempotencyStore.Options.defaults();
        store = new JdbcIdempotencyStore(
                jdbc,
                dialect,
                new JdbcIdempotencyStore.Options(
                        table, defaults.defaultLease(), defaults.maxResultBytes(), defaults.sweepBatchSize()));
    }

    @Setup(Level.Iteration)
    public void makeKeys() {
        keys = new FreshKeys.Ring(source, KEYS_PER_ITERATION);
    }

    @TearDown(Level.Iteration)
    public void emptyTable() {
        jdbc.execute("DELETE FROM " + table);
    }

    @TearDown(Level.Trial)
    public void dropTable() {
        if (dataSource != null) {
            jdbc.execute("DROP TABLE IF EXISTS " + table);
            dataSource.close();
        }
    }

    @Benchmark
    public IdempotencyRecord beginAndComplete() {
        String key = keys.next();
        BeginResult begun = store.tryBegin(key, LEASE);
        return store.complete(key, begun.ownerToken(), result, RETENTION);
    }

    @Benchmark
    public Integer selectOne() {
        return jdbc.queryForObject("SELECT 1", Integer.class);
    }
}
