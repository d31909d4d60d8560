package io.github.idempotency.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.InvalidKeyException;
import io.github.idempotency.core.NonBlockingIdempotencyStore;
import io.github.idempotency.core.TooLargeException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

class RedisIdempotencyStoreOptionsTests {

    @Test
    void defaultsToThePrefixAFiveMinuteLeaseAndOneMebibyte() {
        RedisIdempotencyStore.Options defaults = RedisIdempotencyStore.Options.defaults();

        assertThat(defaults.keyPrefix()).isEqualTo("idempotency:");
        assertThat(defaults.defaultLease()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.maxResultBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void withersChangeOneSettingAndKeepTheOthers() {
        RedisIdempotencyStore.Options options = RedisIdempotencyStore.Options.defaults()
                .withKeyPrefix("orders:")
                .withDefaultLease(Duration.ofSeconds(30))
                .withMaxResultBytes(10);

        assertThat(options).isEqualTo(new RedisIdempotencyStore.Options("orders:", Duration.ofSeconds(30), 10));
    }

    @Test
    void rejectsANonPositiveLeaseANegativeLimitAndMissingValues() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RedisIdempotencyStore.Options("p:", Duration.ZERO, 1))
                .withMessageContaining("defaultLease");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RedisIdempotencyStore.Options("p:", Duration.ofSeconds(-1), 1));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RedisIdempotencyStore.Options("p:", Duration.ofSeconds(1), -1))
                .withMessageContaining("maxResultBytes");
        assertThatNullPointerException()
                .isThrownBy(() -> new RedisIdempotencyStore.Options(null, Duration.ofSeconds(1), 1));
        assertThatNullPointerException().isThrownBy(() -> new RedisIdempotencyStore.Options("p:", null, 1));
    }

    @Test
    void theStoreNeedsAConnectionFactoryAndOptionsButOpensNoConnection() {
        LettuceConnectionFactory neverStarted =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1));

        assertThat(new RedisIdempotencyStore(neverStarted).options())
                .isEqualTo(RedisIdempotencyStore.Options.defaults());
        assertThatNullPointerException().isThrownBy(() -> new RedisIdempotencyStore(null));
        assertThatNullPointerException().isThrownBy(() -> new RedisIdempotencyStore(neverStarted, null));
    }

    @Test
    void offersNonBlockingCallsOnlyOnAReactiveConnectionFactory() {
        LettuceConnectionFactory lettuce =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1));
        RedisConnectionFactory blockingOnly = (RedisConnectionFactory) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {RedisConnectionFactory.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });

        assertThat(new RedisIdempotencyStore(lettuce).nonBlocking()).isPresent();
        assertThat(new RedisIdempotencyStore(blockingOnly).nonBlocking()).isEmpty();
    }

    @Test
    void nonBlockingCallsWithInvalidArgumentsCompleteExceptionallyWithoutSendingAnything() {
        LettuceConnectionFactory neverStarted =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1));
        NonBlockingIdempotencyStore calls = new RedisIdempotencyStore(
                        neverStarted, RedisIdempotencyStore.Options.defaults().withMaxResultBytes(1))
                .nonBlocking()
                .orElseThrow();
        String key = IdempotencyKeys.buildKey(null, "payments", "k");

        assertThat(calls.tryBeginAsync("not a key", Duration.ZERO))
                .isCompletedExceptionally()
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(InvalidKeyException.class);
        assertThat(calls.completeAsync(key, "owner", new byte[2], Duration.ZERO))
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(TooLargeException.class);
        assertThat(calls.failAsync(key, " ", "E", "m", Duration.ZERO))
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(IllegalArgumentException.class);
    }
}
