package io.github.idempotency.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idempotency.test.LoopbackServers;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.RedisClientInfo;

/** Every store call is one command on the wire: the server's own record of what the store sent. */
class RedisIdempotencyStoreRoundTripTests {

    private static final String PREFIX = TestRedis.uniquePrefix();
    private static final String CLIENT_NAME = "idempotency-round-trips-" + UUID.randomUUID();

    private static LettuceConnectionFactory storeConnection;
    private static LettuceConnectionFactory controlConnection;
    private static StringRedisTemplate control;
    private static RedisIdempotencyStore store;

    @BeforeAll
    static void connect() {
        LoopbackServers.require("Redis", TestRedis.PORT);
        storeConnection = TestRedis.connectionFactory(TestRedis.PORT, CLIENT_NAME);
        controlConnection = TestRedis.connectionFactory(TestRedis.PORT, "idempotency-round-trips-control");
        control = new StringRedisTemplate(controlConnection);
        store = new RedisIdempotencyStore(
                storeConnection, RedisIdempotencyStore.Options.defaults().withKeyPrefix(PREFIX));
    }

    @AfterAll
    static void cleanUp() {
        if (storeConnection != null) {
            TestRedis.deleteAll(control, PREFIX);
            storeConnection.destroy();
            controlConnection.destroy();
        }
    }

    @Test
    void everyStoreCallIsExactlyOneCommandOnceTheServerKnowsTheScripts() throws Exception {
        String key = TestRedis.randomKey();
        String failing = TestRedis.randomKey();
        runEveryCallOnce();

        try (ServerMonitor monitor = new ServerMonitor(TestRedis.HOST, TestRedis.PORT, storeClientAddresses())) {
            String[] owner = new String[2];
            assertThat(monitor.commandsDuring(() -> owner[0] =
                            store.tryBegin(key, Duration.ofSeconds(5)).ownerToken()))
                    .containsExactly("EVALSHA");
            assertThat(monitor.commandsDuring(() -> store.touch(key, owner[0], Duration.ofSeconds(5))))
                    .containsExactly("EVALSHA");
            assertThat(monitor.commandsDuring(
                            () -> store.complete(key, owner[0], new byte[] {42}, Duration.ofMinutes(1))))
                    .containsExactly("EVALSHA");
            assertThat(monitor.commandsDuring(() -> store.get(key))).containsExactly("EVALSHA");
            assertThat(monitor.commandsDuring(() -> store.tryBegin(key, Duration.ofSeconds(5))))
                    .containsExactly("EVALSHA");
            assertThat(monitor.commandsDuring(() -> owner[1] =
                            store.tryBegin(failing, Duration.ofSeconds(5)).ownerToken()))
                    .containsExactly("EVALSHA");
            assertThat(monitor.commandsDuring(() -> store.fail(failing, owner[1], "E", "boom", Duration.ofMinutes(1))))
                    .containsExactly("EVALSHA");
            assertThat(monitor.commandsDuring(() -> store.delete(key))).containsExactly("DEL");
            assertThat(monitor.commandsDuring(store::sweep)).isEmpty();
        }
    }

    /** Opens the store's connection and makes the server cache every script. */
    @Test
    void aFreshRequestCostsTheServerEightCommandsAndAReplayThree() throws Exception {
        String key = TestRedis.randomKey();
        runEveryCallOnce();

        try (ServerMonitor monitor = new ServerMonitor(TestRedis.HOST, TestRedis.PORT, storeClientAddresses())) {
            assertThat(monitor.serverCommandsDuring(() -> {
                        String owner =
                                store.tryBegin(key, Duration.ofSeconds(5)).ownerToken();
                        store.complete(key, owner, new byte[] {1}, Duration.ofMinutes(1));
                    }))
                    .map(String::toUpperCase)
                    .containsExactly("EVALSHA", "TIME", "GET", "SET", "EVALSHA", "TIME", "GET", "SET");
            assertThat(monitor.serverCommandsDuring(() -> store.tryBegin(key, Duration.ofSeconds(5))))
                    .map(String::toUpperCase)
                    .containsExactly("EVALSHA", "TIME", "GET");
        }
    }

    private static void runEveryCallOnce() {
        String key = TestRedis.randomKey();
        String owner = store.tryBegin(key, Duration.ofSeconds(5)).ownerToken();
        store.touch(key, owner, Duration.ofSeconds(5));
        store.get(key);
        store.complete(key, owner, new byte[0], Duration.ofMinutes(1));
        String failing = TestRedis.randomKey();
        store.fail(
                failing, store.tryBegin(failing, Duration.ofSeconds(5)).ownerToken(), "E", "", Duration.ofMinutes(1));
        store.delete(key);
    }

    private static Set<String> storeClientAddresses() {
        Set<String> addresses = control.execute(
                (RedisCallback<Set<String>>) connection -> connection.serverCommands().getClientList().stream()
                        .filter(client -> CLIENT_NAME.equals(client.getName()))
                        .map(RedisClientInfo::getAddressPort)
                        .collect(Collectors.toSet()));
        assertThat(addresses).as("connections named %s", CLIENT_NAME).isNotEmpty();
        return addresses;
    }
}
