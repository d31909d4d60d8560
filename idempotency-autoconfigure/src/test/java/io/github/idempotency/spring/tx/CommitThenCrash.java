package io.github.idempotency.spring.tx;

import io.github.idempotency.spring.tx.TxContexts.AspectOrder;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A process that places one order in the method's own transaction and dies as soon as that
 * transaction has committed, before the aspect hears the method return: {@code Runtime.halt} in
 * {@code afterCommit}, so no shutdown hook, finally block or heartbeat runs after it.
 *
 * <p>Arguments: database, JDBC URL, idempotency table, orders table, order id.
 */
public final class CommitThenCrash {

    /** The exit status of a process that halted after the commit. */
    static final int HALTED = 77;

    private CommitThenCrash() {}

    public static void main(String[] args) {
        TxDatabase db = TxDatabase.valueOf(args[0]);
        System.out.println("Placing order " + args[4] + " in " + args[3] + ", then halting after the commit");
        TxContexts.jdbcStore(db, args[1], args[2], args[3], AspectOrder.OUTSIDE_TRANSACTION)
                .run(context -> {
                    TxOrders orders = context.getBean(TxOrders.class);
                    orders.afterInsert(() ->
                            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                                @Override
                                public void afterCommit() {
                                    Runtime.getRuntime().halt(HALTED);
                                }
                            }));
                    orders.placeInOwnTransaction(args[4]);
                });
        System.exit(1);
    }
}
