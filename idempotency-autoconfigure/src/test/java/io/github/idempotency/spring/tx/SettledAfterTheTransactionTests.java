package io.github.idempotency.spring.tx;

import static io.github.idempotency.spring.tx.TxContexts.key;
import static io.github.idempotency.spring.tx.TxContexts.newId;
import static io.github.idempotency.spring.tx.TxContexts.transaction;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.RecordState;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.jdbc.JdbcDialect;
import io.github.idempotency.jdbc.JdbcIdempotencySchema;
import io.github.idempotency.jdbc.JdbcIdempotencyStore;
import io.github.idempotency.redis.RedisIdempotencyStore;
import io.github.idempotency.test.LoopbackServers;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stores that cannot join the application's transaction (memory, Redis, JDBC on another {@code
 * DataSource}): the record is settled once the transaction has ended, completed after a commit,
 * freed after a rollback.
 */
class SettledAfterTheTransactionTests {

    enum OutsideStore {
        MEMORY,
        REDIS,
        JDBC_ON_ANOTHER_DATASOURCE
    }

    @ParameterizedTest
    @EnumSource(OutsideStore.class)
    void anOuterRollbackFreesTheKeySoTheRetryRunsOnceAndAThirdCallReplays(OutsideStore kind) {
        run(kind, TxScenarios::outerRollbackFreesTheKeySoTheRetryRunsOnceAndAThirdCallReplays);
    }

    @ParameterizedTest
    @EnumSource(OutsideStore.class)
    void theResultIsStoredOnceTheTransactionHasCommitted(OutsideStore kind) {
        run(kind, context -> {
            TxOrders orders = context.getBean(TxOrders.class);
            IdempotencyStore store = context.getBean(IdempotencyStore.class);
            String id = newId();
            AtomicReference<RecordState> stateBeforeCommit = new AtomicReference<>();

            String first = transaction(context).execute(status -> {
                String placed = orders.place(id);
                stateBeforeCommit.set(
                        store.get(key(id)).map(IdempotencyRecord::state).orElse(null));
                return placed;
            });

            assertThat(stateBeforeCommit.get()).isEqualTo(RecordState.IN_PROGRESS);
            assertThat(store.get(key(id)).orElseThrow().state()).isEqualTo(RecordState.COMPLETE);
            assertThat(orders.place(id)).isEqualTo(first);
            assertThat(orders.runs()).isEqualTo(1);
            assertThat(orders.rows(id)).isEqualTo(1);
        });
    }

    @ParameterizedTest
    @EnumSource(OutsideStore.class)
    void anExceptionAfterTheCommitStoresTheResultInsteadOfFreeingTheKey(OutsideStore kind) {
        run(kind, TxScenarios::exceptionAfterTheCommitNeverFreesTheKey);
    }

    private static void run(OutsideStore kind, ContextConsumer<AssertableApplicationContext> test) {
        switch (kind) {
            case MEMORY ->
                TxContexts.withStore(new MemoryIdempotencyStore(
                                MemoryIdempotencyStore.Options.defaults(), Clock.systemUTC()))
                        .run(test);
            case REDIS -> {
                LoopbackServers.require("Redis", 6379);
                LettuceConnectionFactory factory =
                        new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
                factory.afterPropertiesSet();
                factory.start();
                try {
                    RedisIdempotencyStore store = new RedisIdempotencyStore(
                            factory,
                            new RedisIdempotencyStore.Options(
                                    "idempotency-tx-test:" + UUID.randomUUID() + ":",
                                    Duration.ofSeconds(30),
                                    1024 * 1024));
                    TxContexts.withStore(store).run(test);
                } finally {
                    factory.destroy();
                }
            }
            case JDBC_ON_ANOTHER_DATASOURCE -> {
                DataSource other = TxDatabase.H2.dataSource(TxDatabase.H2.newUrl());
                JdbcIdempotencySchema.create(other, JdbcDialect.H2, JdbcIdempotencySchema.DEFAULT_TABLE_NAME);
                TxContexts.withStore(new JdbcIdempotencyStore(
                                new JdbcTemplate(other), JdbcIdempotencyStore.Options.defaults()))
                        .run(test);
            }
        }
    }
}
