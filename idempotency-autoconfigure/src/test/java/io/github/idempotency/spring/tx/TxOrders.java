package io.github.idempotency.spring.tx;

import io.github.idempotency.spring.Idempotent;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places orders as rows of a table, through the application's transaction; counts how often each
 * method body ran and returns a value that differs on every run, so a replay can be told from a run.
 */
public class TxOrders {

    private final JdbcTemplate jdbc;
    private final String table;
    private final AtomicInteger runs = new AtomicInteger();
    private volatile Runnable afterInsert = () -> {};

    public TxOrders(JdbcTemplate jdbc, String table) {
        this.jdbc = jdbc;
        this.table = table;
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + table + " (id VARCHAR(64) NOT NULL)");
    }

    int runs() {
        return runs.get();
    }

    int rows(String id) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE id = ?", Integer.class, id);
        return count == null ? 0 : count;
    }

    void afterInsert(Runnable action) {
        this.afterInsert = action;
    }

    void dropTable() {
        jdbc.execute("DROP TABLE IF EXISTS " + table);
    }

    /** Places an order in a transaction of its own: {@code @Transactional} on the same method. */
    @Idempotent(scope = "txorders", key = "#p0")
    @Transactional
    public String placeInOwnTransaction(String id) {
        return place(id, "own");
    }

    /** Places an order in the caller's transaction, if any. */
    @Idempotent(scope = "txorders", key = "#p0")
    public String place(String id) {
        return place(id, "caller's");
    }

    /** Places an order and hands it back as an already completed future. */
    @Idempotent(scope = "txorders", key = "#p0")
    public CompletableFuture<String> placeLater(String id) {
        return CompletableFuture.completedFuture(place(id, "caller's"));
    }

    private String place(String id, String transaction) {
        runs.incrementAndGet();
        jdbc.update("INSERT INTO " + table + " (id) VALUES (?)", id);
        afterInsert.run();
        return "order " + id + " in the " + transaction + " transaction " + UUID.randomUUID();
    }
}
