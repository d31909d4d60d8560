package io.github.idempotency.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Tables of a test class's own, in one pool per database; after all its tests the tables are dropped
 * and the pools closed. Registered on a static field with {@code @RegisterExtension}.
 */
final class TestTables implements AfterAllCallback {

    private final Map<TestDatabase, HikariDataSource> pools = new EnumMap<>(TestDatabase.class);
    private final List<Runnable> drops = new ArrayList<>();

    /** Skips (or, in CI, fails) the calling test unless the database answers; else a new table in it. */
    Table create(TestDatabase database) {
        database.require();
        HikariDataSource pool = pools.computeIfAbsent(database, TestDatabase::newDataSource);
        String name = database.createTable(pool);
        drops.add(() -> database.dropTable(pool, name));
        return new Table(name, pool);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        drops.forEach(Runnable::run);
        pools.values().forEach(HikariDataSource::close);
    }

    /** A new table and the pool of the database it is in. */
    record Table(String name, HikariDataSource pool) {}
}
