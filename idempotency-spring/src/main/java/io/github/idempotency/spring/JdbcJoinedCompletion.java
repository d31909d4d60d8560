package io.github.idempotency.spring;

import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.jdbc.JdbcIdempotencyStore;
import io.github.idempotency.spring.metrics.MeteredIdempotencyStore;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;

/**
 * The JDBC store's writes through the caller's transaction, found behind the metrics wrapper when
 * there is one; {@link SpringTransactions} uses it when the JDBC store runs on the transaction's
 * {@code DataSource}. The store is looked up at the first call, so the aspect does not create it early; an
 * application whose store is not the JDBC store never joins a transaction.
 */
public final class JdbcJoinedCompletion implements IdempotentTransactions.JoinedCompletion {

    private static final boolean METRICS_PRESENT = ClassUtils.isPresent(
            "io.micrometer.core.instrument.MeterRegistry", JdbcJoinedCompletion.class.getClassLoader());

    private final ObjectProvider<IdempotencyStore> store;
    private volatile @Nullable Object jdbc;

    /**
     * Creates the completion.
     *
     * @param store the application's store, looked up at the first call
     */
    public JdbcJoinedCompletion(ObjectProvider<IdempotencyStore> store) {
        this.store = store;
    }

    @Override
    public boolean canJoin() {
        JdbcIdempotencyStore jdbcStore = jdbcStore();
        return jdbcStore != null && jdbcStore.canJoinCurrentTransaction();
    }

    @Override
    public void complete(String key, String ownerToken, byte[] result, Duration retention) {
        JdbcIdempotencyStore jdbcStore = jdbcStore();
        if (jdbcStore == null) {
            throw new IllegalStateException("The idempotency store is not the JDBC store");
        }
        jdbcStore.completeInCurrentTransaction(key, ownerToken, result, retention);
    }

    private @Nullable JdbcIdempotencyStore jdbcStore() {
        Object found = jdbc;
        if (found == null) {
            IdempotencyStore bean = store.getIfUnique();
            found = bean == null ? Boolean.FALSE : unwrap(bean);
            jdbc = found;
        }
        return found instanceof JdbcIdempotencyStore jdbcStore ? jdbcStore : null;
    }

    private static Object unwrap(IdempotencyStore bean) {
        IdempotencyStore current = bean;
        while (METRICS_PRESENT && current instanceof MeteredIdempotencyStore metered) {
            current = metered.unwrap();
        }
        return current;
    }
}
