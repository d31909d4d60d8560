package io.github.idempotency.spring;

import java.time.Duration;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Spring-managed transactions, as {@link TransactionSynchronizationManager} sees them on the calling
 * thread: any transaction manager that synchronizes (the JDBC, JPA and JTA ones do). Loaded only
 * when spring-tx is on the class path.
 */
public final class SpringTransactions implements IdempotentTransactions {

    private static final Log logger = LogFactory.getLog(SpringTransactions.class);

    private final @Nullable JoinedCompletion joined;

    /**
     * Creates the transaction support.
     *
     * @param joined writes results through the transaction when the store can join it, or {@code
     *     null} when the store never can (Redis, memory): results are then stored after the commit
     */
    public SpringTransactions(@Nullable JoinedCompletion joined) {
        this.joined = joined;
    }

    @Override
    public boolean isOpen() {
        return TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.isActualTransactionActive();
    }

    @Override
    public boolean canJoin() {
        return joined != null && isOpen() && joined.canJoin();
    }

    @Override
    public void completeInTransaction(String key, String ownerToken, byte[] result, Duration retention) {
        if (joined == null) {
            throw new IllegalStateException("The idempotency store cannot join transactions");
        }
        joined.complete(key, ownerToken, result, retention);
    }

    @Override
    public void afterCompletion(Consumer<Outcome> action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

            @Override
            public int getOrder() {
                // after the application's own synchronizations, whose afterCompletion may still fail
                return Ordered.LOWEST_PRECEDENCE;
            }

            @Override
            public void afterCompletion(int status) {
                // afterCompletion, not afterCommit: it runs even when another afterCommit threw
                Outcome outcome = switch (status) {
                    case STATUS_COMMITTED -> Outcome.COMMITTED;
                    case STATUS_ROLLED_BACK -> Outcome.ROLLED_BACK;
                    default -> Outcome.UNKNOWN;
                };
                try {
                    action.accept(outcome);
                } catch (RuntimeException ex) {
                    logger.error("Settling an idempotent call after its transaction ended failed", ex);
                }
            }
        });
    }
}
