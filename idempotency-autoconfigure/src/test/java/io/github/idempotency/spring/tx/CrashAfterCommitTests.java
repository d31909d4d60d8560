package io.github.idempotency.spring.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.spring.tx.TxContexts.AspectOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real crash between the commit and anything after it: a child JVM commits an order and halts;
 * the next process with the same key gets the replay, and the order is not placed twice.
 */
class CrashAfterCommitTests {

    @ParameterizedTest
    @EnumSource(TxDatabase.class)
    void theNextProcessReplaysTheResultThatCommittedWithTheWork(TxDatabase db, @TempDir Path dir) throws Exception {
        db.require();
        // a file database for H2, since the in-memory one dies with the child; written at each commit
        String url = db == TxDatabase.H2
                ? "jdbc:h2:file:" + dir.resolve("orders") + ";FILE_LOCK=NO;WRITE_DELAY=0"
                : db.newUrl();
        String table = "idem_crash_" + TxDatabase.unique();
        String ordersTable = "tx_orders_" + TxDatabase.unique();
        String id = TxContexts.newId();
        Path log = Files.createDirectories(Path.of("target", "crash-after-commit"))
                .resolve(db.name().toLowerCase(java.util.Locale.ROOT) + ".log");

        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        CommitThenCrash.class.getName(),
                        db.name(),
                        url,
                        table,
                        ordersTable,
                        id)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(child.waitFor(3, TimeUnit.MINUTES)).as("child ended").isTrue();
        assertThat(child.exitValue()).as(() -> readLog(log)).isEqualTo(CommitThenCrash.HALTED);

        TxContexts.jdbcStore(db, url, table, ordersTable, AspectOrder.OUTSIDE_TRANSACTION)
                .run(context -> {
                    TxOrders orders = context.getBean(TxOrders.class);
                    try {
                        assertThat(orders.rows(id))
                                .as(() -> "committed by the child; " + readLog(log))
                                .isEqualTo(1);

                        String answer = orders.placeInOwnTransaction(id);

                        assertThat(answer).startsWith("order " + id + " in the own transaction");
                        assertThat(orders.runs()).isZero();
                        assertThat(orders.rows(id)).isEqualTo(1);
                    } finally {
                        TxContexts.dropTables(context, table);
                    }
                });
    }

    private static String readLog(Path log) {
        try {
            return "child output:\n" + Files.readString(log);
        } catch (java.io.IOException e) {
            return "child output unreadable: " + e;
        }
    }
}
