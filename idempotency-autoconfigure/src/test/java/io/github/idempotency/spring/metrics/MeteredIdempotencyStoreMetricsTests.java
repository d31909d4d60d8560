package io.github.idempotency.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.InvalidKeyException;
import io.github.idempotency.core.LeaseLostException;
import io.github.idempotency.core.NonBlockingIdempotencyStore;
import io.github.idempotency.core.memory.MemoryIdempotencyStore;
import io.github.idempotency.spring.ForwardingIdempotencyStore;
import io.github.idempotency.test.UnreachableIdempotencyStore;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class MeteredIdempotencyStoreMetricsTests {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration RETENTION = Duration.ofHours(1);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final MemoryIdempotencyStore memory = new MemoryIdempotencyStore();

    private final MeteredIdempotencyStore store = new MeteredIdempotencyStore(memory, registry);

    @Test
    void timesTryBeginByWhatItFound() {
        String key = key("order-1");
        String owner = store.tryBegin(key, LEASE).ownerToken();
        assertThat(store.tryBegin(key, LEASE).outcome()).isEqualTo(BeginResult.Outcome.CONFLICT);
        store.complete(key, owner, "paid".getBytes(StandardCharsets.UTF_8), RETENTION);
        assertThat(store.tryBegin(key, LEASE).outcome()).isEqualTo(BeginResult.Outcome.REPLAY);

        assertThat(timer("try_begin", "acquired").count()).isEqualTo(1);
        assertThat(timer("try_begin", "conflict").count()).isEqualTo(1);
        assertThat(timer("try_begin", "replay").count()).isEqualTo(1);
        assertThat(timer("try_begin", "error").count()).isZero();
        assertThat(timer("complete", "success").count()).isEqualTo(1);
    }

    @Test
    void timesEveryOtherOperationAsSuccess() {
        String key = key("order-2");
        String owner = store.tryBegin(key, LEASE).ownerToken();
        store.touch(key, owner, LEASE);
        store.fail(key, owner, "declined", "card declined", RETENTION);
        assertThat(store.get(key)).isPresent();
        store.delete(key);
        assertThat(store.sweep()).isZero();

        for (String operation : new String[] {"touch", "fail", "get", "delete", "sweep"}) {
            assertThat(timer(operation, "success").count()).as(operation).isEqualTo(1);
            assertThat(timer(operation, "error").count()).as(operation).isZero();
        }
        assertThat(timer("get", "success").totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
                .isPositive();
    }

    @Test
    void timesAThrowingCallAsErrorAndRethrowsTheSameException() {
        String key = key("order-3");
        store.tryBegin(key, LEASE);

        assertThatThrownBy(() -> store.complete(key, "someone-else", new byte[0], RETENTION))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> store.tryBegin("not-a-key", LEASE)).isInstanceOf(InvalidKeyException.class);

        assertThat(timer("complete", "error").count()).isEqualTo(1);
        assertThat(timer("complete", "success").count()).isZero();
        assertThat(timer("try_begin", "error").count()).isEqualTo(1);
        assertThat(memory.get(key)).isPresent();
    }

    @Test
    void registersEveryTimerUpFrontWithASmallTagSet() {
        assertThat(registry.find(MeteredIdempotencyStore.METRIC_NAME).timers()).hasSize(16);
        assertThat(registry.find(MeteredIdempotencyStore.METRIC_NAME).timers())
                .allSatisfy(timer -> assertThat(timer.getId().getTags())
                        .extracting(tag -> tag.getKey())
                        .containsExactlyInAnyOrder("operation", "outcome", "store"));
    }

    @Test
    void unwrapsToTheStoreItTimes() {
        assertThat(store.unwrap()).isSameAs(memory);
        assertThat(IdempotencyStoreNames.of(store)).isEqualTo("memory");
        assertThat(IdempotencyStoreNames.of(new MeteredIdempotencyStore(store, registry)))
                .isEqualTo("memory");
    }

    @Test
    void namesAStoreOfAnotherKindByItsClass() {
        IdempotencyStore custom = new UnreachableIdempotencyStore();
        assertThat(IdempotencyStoreNames.of(custom)).isEqualTo("UnreachableIdempotencyStore");
        new MeteredIdempotencyStore(custom, registry);
        assertThat(registry.find(MeteredIdempotencyStore.METRIC_NAME)
                        .tag("store", "UnreachableIdempotencyStore")
                        .timers())
                .hasSize(16);
    }

    private Timer timer(String operation, String outcome) {
        return timer("memory", operation, outcome);
    }

    private Timer timer(String store, String operation, String outcome) {
        return registry.get(MeteredIdempotencyStore.METRIC_NAME)
                .tags("operation", operation, "outcome", outcome, "store", store)
                .timer();
    }

    private static String key(String input) {
        return IdempotencyKeys.buildKey("acme", "payments", input);
    }

    @Test
    void forwardsNonBlockingCallsOnlyWhenTheStoreHasThemAndTimesThemByOutcome() {
        assertThat(store.nonBlocking()).isEmpty();
        NonBlockingIdempotencyStore calls = new MeteredIdempotencyStore(new CompletedCalls(memory), registry)
                .nonBlocking()
                .orElseThrow();
        String key = key("order-4");

        String owner =
                calls.tryBeginAsync(key, LEASE).toCompletableFuture().join().ownerToken();
        assertThat(calls.completeAsync(key, "someone-else", new byte[0], RETENTION))
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(LeaseLostException.class);
        calls.completeAsync(key, owner, new byte[] {1}, RETENTION)
                .toCompletableFuture()
                .join();
        assertThat(calls.tryBeginAsync(key, LEASE).toCompletableFuture().join().outcome())
                .isEqualTo(BeginResult.Outcome.REPLAY);
        assertThat(calls.failAsync("not-a-key", owner, "E", "m", RETENTION))
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(InvalidKeyException.class);

        assertThat(timer("CompletedCalls", "try_begin", "acquired").count()).isEqualTo(1);
        assertThat(timer("CompletedCalls", "try_begin", "replay").count()).isEqualTo(1);
        assertThat(timer("CompletedCalls", "complete", "success").count()).isEqualTo(1);
        assertThat(timer("CompletedCalls", "complete", "error").count()).isEqualTo(1);
        assertThat(timer("CompletedCalls", "fail", "error").count()).isEqualTo(1);
    }

    /** A store whose non-blocking calls are its blocking ones, answered with completed stages. */
    private static final class CompletedCalls extends ForwardingIdempotencyStore
            implements NonBlockingIdempotencyStore {

        CompletedCalls(IdempotencyStore delegate) {
            super(delegate);
        }

        @Override
        public Optional<NonBlockingIdempotencyStore> nonBlocking() {
            return Optional.of(this);
        }

        @Override
        public CompletionStage<BeginResult> tryBeginAsync(String key, Duration lease) {
            return completed(() -> tryBegin(key, lease));
        }

        @Override
        public CompletionStage<IdempotencyRecord> completeAsync(
                String key, String ownerToken, byte[] result, Duration retention) {
            return completed(() -> complete(key, ownerToken, result, retention));
        }

        @Override
        public CompletionStage<IdempotencyRecord> failAsync(
                String key, String ownerToken, String code, String message, Duration retention) {
            return completed(() -> fail(key, ownerToken, code, message, retention));
        }

        private static <T> CompletionStage<T> completed(Supplier<T> call) {
            try {
                return CompletableFuture.completedFuture(call.get());
            } catch (RuntimeException ex) {
                return CompletableFuture.failedFuture(ex);
            }
        }
    }
}
