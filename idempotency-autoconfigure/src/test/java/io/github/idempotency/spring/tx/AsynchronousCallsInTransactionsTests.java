package io.github.idempotency.spring.tx;

import static io.github.idempotency.spring.tx.TxContexts.key;
import static io.github.idempotency.spring.tx.TxContexts.newId;
import static io.github.idempotency.spring.tx.TxContexts.transaction;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.spring.Idempotent;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.annotation.Transactional;

/** Asynchronous methods and transactions: refused where the record could not follow the transaction. */
class AsynchronousCallsInTransactionsTests {

    @Test
    void aFutureMethodCalledInsideATransactionIsRefusedBeforeItRuns() {
        TxContexts.withStore(new MemoryIdempotencyStore(MemoryIdempotencyStore.Options.defaults(), Clock.systemUTC()))
                .run(context -> {
                    TxOrders orders = context.getBean(TxOrders.class);
                    IdempotencyStore store = context.getBean(IdempotencyStore.class);
                    String id = newId();

                    CompletableFuture<String> refused = transaction(context).execute(status -> orders.placeLater(id));

                    assertThat(refused)
                            .failsWithin(Duration.ofSeconds(5))
                            .withThrowableThat()
                            .havingRootCause()
                            .isInstanceOf(IllegalStateException.class)
                            .withMessageContaining("called inside a transaction");
                    assertThat(orders.runs()).isZero();
                    assertThat(store.get(key(id))).isEmpty();
                    assertThat(orders.placeLater(id)).succeedsWithin(Duration.ofSeconds(5));
                    assertThat(orders.rows(id)).isEqualTo(1);
                });
    }

    @Test
    void aTransactionalFutureMethodIsRefusedAtStartup() {
        TxContexts.withStore(new MemoryIdempotencyStore(MemoryIdempotencyStore.Options.defaults(), Clock.systemUTC()))
                .withBean(TransactionalFutures.class)
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("TransactionalFutures.pay")
                        .hasMessageContaining("is @Transactional"));
    }

    /** A transaction around a method that returns a future: it commits before the value arrives. */
    public static class TransactionalFutures {

        @Idempotent(scope = "payments", key = "#p0")
        @Transactional
        public CompletableFuture<String> pay(String id) {
            return CompletableFuture.supplyAsync(() -> "paid " + id);
        }
    }
}
