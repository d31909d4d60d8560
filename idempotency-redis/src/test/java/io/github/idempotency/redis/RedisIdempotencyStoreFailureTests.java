package io.github.idempotency.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.test.JoiningIdempotencyStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** A Redis that does not answer is a store failure, reported at once, never a raw client exception. */
class RedisIdempotencyStoreFailureTests {

    private static final String KEY = TestRedis.randomKey();

    private LettuceConnectionFactory connectionFactory;
    private RedisIdempotencyStore store;

    @BeforeEach
    void pointAtAClosedPort() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        connectionFactory = TestRedis.connectionFactory(closedPort, "idempotency-unreachable");
        store = new RedisIdempotencyStore(connectionFactory);
    }

    @AfterEach
    void close() {
        connectionFactory.destroy();
    }

    @Test
    void everyCallOnAnUnreachableServerThrowsAStoreExceptionPromptly() {
        String owner = "0123456789abcdef0123456789abcdef";

        assertStoreFailure(() -> store.tryBegin(KEY, Duration.ofSeconds(5)), "begin");
        assertStoreFailure(() -> store.touch(KEY, owner, Duration.ofSeconds(5)), "touch");
        assertStoreFailure(() -> store.complete(KEY, owner, new byte[] {1}, Duration.ofMinutes(1)), "complete");
        assertStoreFailure(() -> store.fail(KEY, owner, "E", "boom", Duration.ofMinutes(1)), "fail");
        assertStoreFailure(() -> store.get(KEY), "get");
        assertStoreFailure(() -> store.delete(KEY), "delete");
    }

    @Test
    void everyNonBlockingCallOnAnUnreachableServerCompletesWithAStoreExceptionPromptly() {
        JoiningIdempotencyStore joined = new JoiningIdempotencyStore(store);
        String owner = "0123456789abcdef0123456789abcdef";

        assertStoreFailure(() -> joined.tryBegin(KEY, Duration.ofSeconds(5)), "begin");
        assertStoreFailure(() -> joined.complete(KEY, owner, new byte[] {1}, Duration.ofMinutes(1)), "complete");
        assertStoreFailure(() -> joined.fail(KEY, owner, "E", "boom", Duration.ofMinutes(1)), "fail");
    }

    private static void assertStoreFailure(ThrowingCallable call, String operation) {
        long start = System.nanoTime();
        Consumer<IdempotencyStoreException> explained = ex -> {
            assertThat(ex)
                    .hasMessageContaining("Redis")
                    .hasMessageContaining(operation)
                    .hasMessageContaining(KEY);
            assertThat(ex.getCause()).isInstanceOf(DataAccessException.class);
        };

        assertThatThrownBy(call).isInstanceOfSatisfying(IdempotencyStoreException.class, explained);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
}
