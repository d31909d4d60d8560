package io.github.idempotency.spring.tx;

import static io.github.idempotency.spring.tx.TxContexts.key;
import static io.github.idempotency.spring.tx.TxContexts.newId;
import static io.github.idempotency.spring.tx.TxContexts.runWithJdbcStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.LeaseLostException;
import io.github.idempotency.core.RecordState;
import io.github.idempotency.spring.tx.TxContexts.AspectOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JDBC store inside the application's transaction on the same {@code DataSource}: the result
 * commits with the work or not at all, on H2, PostgreSQL and MariaDB, with the {@code @Idempotent}
 * advice outside or inside the {@code @Transactional} one.
 */
class JdbcTransactionalCompletionTests {

    static Stream<Arguments> databasesAndOrders() {
        return Arrays.stream(TxDatabase.values())
                .flatMap(db -> Arrays.stream(AspectOrder.values()).map(order -> Arguments.of(db, order)));
    }

    @ParameterizedTest
    @EnumSource(TxDatabase.class)
    void anOuterRollbackFreesTheKeySoTheRetryRunsOnceAndAThirdCallReplays(TxDatabase db) {
        runWithJdbcStore(
                db,
                AspectOrder.OUTSIDE_TRANSACTION,
                TxScenarios::outerRollbackFreesTheKeySoTheRetryRunsOnceAndAThirdCallReplays);
    }

    @ParameterizedTest
    @MethodSource("databasesAndOrders")
    void theResultCommitsWithTheWorkOfTheMethodsOwnTransaction(TxDatabase db, AspectOrder order) {
        runWithJdbcStore(db, order, context -> {
            TxOrders orders = context.getBean(TxOrders.class);
            IdempotencyStore store = context.getBean(IdempotencyStore.class);
            String id = newId();
            AtomicReference<RecordState> stateAtCommit = new AtomicReference<>();
            orders.afterInsert(() -> TxScenarios.onCommit(() -> stateAtCommit.set(
                    store.get(key(id)).map(IdempotencyRecord::state).orElse(null))));

            String first = orders.placeInOwnTransaction(id);
            orders.afterInsert(() -> {});
            String second = orders.placeInOwnTransaction(id);

            assertThat(stateAtCommit.get())
                    .as("record state as the commit returns")
                    .isEqualTo(RecordState.COMPLETE);
            assertThat(second).isEqualTo(first);
            assertThat(orders.runs()).isEqualTo(1);
            assertThat(orders.rows(id)).isEqualTo(1);
        });
    }

    @ParameterizedTest
    @MethodSource("databasesAndOrders")
    void anExceptionAfterTheCommitNeverFreesTheKey(TxDatabase db, AspectOrder order) {
        runWithJdbcStore(db, order, TxScenarios::exceptionAfterTheCommitNeverFreesTheKey);
    }

    @ParameterizedTest
    @MethodSource("databasesAndOrders")
    void aCompletionWhoseLeaseWasTakenOverRollsTheWorkBack(TxDatabase db, AspectOrder order) {
        runWithJdbcStore(db, order, context -> {
            TxOrders orders = context.getBean(TxOrders.class);
            IdempotencyStore store = context.getBean(IdempotencyStore.class);
            String id = newId();
            AtomicReference<String> newOwner = new AtomicReference<>();
            // another caller takes the key over while the method runs, as after an expired lease
            orders.afterInsert(() -> {
                store.delete(key(id));
                newOwner.set(store.tryBegin(key(id), Duration.ofMinutes(1)).ownerToken());
            });

            assertThatThrownBy(() -> orders.placeInOwnTransaction(id)).isInstanceOf(LeaseLostException.class);

            assertThat(orders.rows(id)).isZero();
            IdempotencyRecord record = store.get(key(id)).orElseThrow();
            assertThat(record.state()).isEqualTo(RecordState.IN_PROGRESS);
            assertThat(record.ownerToken()).isEqualTo(newOwner.get());
        });
    }

    @ParameterizedTest
    @EnumSource(TxDatabase.class)
    void aRollbackOfTheMethodsOwnTransactionFreesTheKeyAtOnce(TxDatabase db) {
        runWithJdbcStore(db, AspectOrder.OUTSIDE_TRANSACTION, context -> {
            TxOrders orders = context.getBean(TxOrders.class);
            IdempotencyStore store = context.getBean(IdempotencyStore.class);
            String id = newId();
            orders.afterInsert(() -> {
                throw new IllegalStateException("stock check failed");
            });

            assertThatThrownBy(() -> orders.placeInOwnTransaction(id)).hasMessage("stock check failed");
            assertThat(store.get(key(id))).isEmpty();
            orders.afterInsert(() -> {});
            orders.placeInOwnTransaction(id);

            assertThat(orders.runs()).isEqualTo(2);
            assertThat(orders.rows(id)).isEqualTo(1);
        });
    }
}
