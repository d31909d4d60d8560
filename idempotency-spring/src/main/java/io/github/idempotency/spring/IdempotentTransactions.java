package io.github.idempotency.spring;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The transaction open on the calling thread, as an {@code @Idempotent} call settles its record
 * with it: the result is written through the transaction when the store can join it, otherwise the
 * record is settled once the transaction has ended. {@link #NONE} (no transaction support) settles
 * every call at once; {@link SpringTransactions} follows Spring's transaction synchronization.
 */
public interface IdempotentTransactions {

    /** No transactions: every call is settled as soon as the method returns or throws. */
    IdempotentTransactions NONE = new IdempotentTransactions() {

        @Override
        public boolean isOpen() {
            return false;
        }

        @Override
        public boolean canJoin() {
            return false;
        }

        @Override
        public void completeInTransaction(String key, String ownerToken, byte[] result, Duration retention) {
            throw new IllegalStateException("No transaction is open");
        }

        @Override
        public void afterCompletion(Consumer<Outcome> action) {
            throw new IllegalStateException("No transaction is open");
        }
    };

    /** How a transaction ended. */
    enum Outcome {
        /** Committed: the work is durable. */
        COMMITTED,
        /** Rolled back: none of the work is left. */
        ROLLED_BACK,
        /** Unknown (the commit failed midway, or the transaction manager could not tell). */
        UNKNOWN
    }

    /**
     * Returns whether a transaction is open on the calling thread, so that settling must wait for it.
     *
     * @return {@code false} outside a transaction
     */
    boolean isOpen();

    /**
     * Returns whether the store can write through the open transaction: the JDBC store, when the
     * transaction runs on its own {@code DataSource}.
     *
     * @return {@code false} without a transaction, or for a store that cannot join it
     */
    boolean canJoin();

    /**
     * Writes a result through the open transaction, fenced by the owner token, so that it commits
     * with the transaction's other writes or not at all.
     *
     * @param key the key
     * @param ownerToken the lease's owner token
     * @param result the serialised result
     * @param retention how long the result is replayed
     * @throws IllegalStateException when the store cannot join ({@link #canJoin()})
     * @throws io.github.idempotency.core.LeaseLostException when the fence fails; the transaction must
     *     roll back
     * @throws io.github.idempotency.core.TooLargeException when the result is over the store's limit;
     *     nothing was written
     */
    void completeInTransaction(String key, String ownerToken, byte[] result, Duration retention);

    /**
     * Runs an action once the open transaction has ended, with how it ended. The action runs on the
     * thread that ends the transaction, after the commit or rollback.
     *
     * @param action what to do then
     * @throws IllegalStateException when no transaction is open
     */
    void afterCompletion(Consumer<Outcome> action);

    /**
     * A store that can write a result through a transaction open on the calling thread: the JDBC
     * store's {@code canJoinCurrentTransaction} and {@code completeInCurrentTransaction}.
     */
    interface JoinedCompletion {

        /**
         * Returns whether the store can join the transaction open on the calling thread.
         *
         * @return {@code false} without a transaction on the store's own database
         */
        boolean canJoin();

        /**
         * Writes the result through the open transaction, fenced by the owner token.
         *
         * @param key the key
         * @param ownerToken the lease's owner token
         * @param result the serialised result
         * @param retention how long the result is replayed
         */
        void complete(String key, String ownerToken, byte[] result, Duration retention);
    }
}
