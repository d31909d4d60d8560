package io.github.idempotency.spring.tx;

import static io.github.idempotency.spring.tx.TxContexts.key;
import static io.github.idempotency.spring.tx.TxContexts.newId;
import static io.github.idempotency.spring.tx.TxContexts.transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idempotency.core.IdempotencyStore;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** What every store must do with a transaction, whether it joins it or settles after it. */
final class TxScenarios {

    private TxScenarios() {}

    /** An outer transaction rolls back: the key is free at once, the retry runs once, a third call replays. */
    static void outerRollbackFreesTheKeySoTheRetryRunsOnceAndAThirdCallReplays(AssertableApplicationContext context) {
        TxOrders orders = context.getBean(TxOrders.class);
        IdempotencyStore store = context.getBean(IdempotencyStore.class);
        String id = newId();

        assertThatThrownBy(() -> transaction(context).executeWithoutResult(status -> {
                    orders.place(id);
                    throw new IllegalStateException("payment declined");
                }))
                .hasMessage("payment declined");
        assertThat(orders.rows(id)).isZero();
        assertThat(store.get(key(id))).isEmpty();

        String retried = orders.place(id);
        String replayed = orders.place(id);

        assertThat(orders.runs()).isEqualTo(2);
        assertThat(orders.rows(id)).isEqualTo(1);
        assertThat(replayed).isEqualTo(retried);
    }

    /** The method's own transaction commits, then {@code afterCommit} throws: a retry gets the replay. */
    static void exceptionAfterTheCommitNeverFreesTheKey(AssertableApplicationContext context) {
        TxOrders orders = context.getBean(TxOrders.class);
        String id = newId();
        orders.afterInsert(() -> onCommit(() -> {
            throw new IllegalStateException("commit acknowledgement lost");
        }));

        assertThatThrownBy(() -> orders.placeInOwnTransaction(id)).hasMessage("commit acknowledgement lost");
        orders.afterInsert(() -> {});
        String retried = orders.placeInOwnTransaction(id);

        assertThat(retried).startsWith("order " + id + " in the own transaction");
        assertThat(orders.runs()).isEqualTo(1);
        assertThat(orders.rows(id)).isEqualTo(1);
    }

    /** Runs the action after the commit of the transaction open on this thread. */
    static void onCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
