package io.github.idempotency.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The Redis on loopback that the tests share with other users: every test works under its own prefix. */
final class TestRedis {

    static final String HOST = "127.0.0.1";
    static final int PORT = 6379;

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestRedis() {}

    /** A started connection factory with short timeouts and the given client name. */
    static LettuceConnectionFactory connectionFactory(int port, String clientName) {
        LettuceClientConfiguration client = LettuceClientConfiguration.builder()
                .clientName(clientName)
                .commandTimeout(Duration.ofSeconds(2))
                .clientOptions(ClientOptions.builder()
                        .socketOptions(shortConnectTimeout())
                        .build())
                .build();
        LettuceConnectionFactory factory =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration(HOST, port), client);
        factory.afterPropertiesSet();
        return factory;
    }

    /** Half a second to connect: a server that is down is known at once. */
    static SocketOptions shortConnectTimeout() {
        return SocketOptions.builder().connectTimeout(Duration.ofMillis(500)).build();
    }

    /** A key prefix no other test run uses. */
    static String uniquePrefix() {
        return "idempotency-test:" + UUID.randomUUID() + ":";
    }

    /** Lets time pass on the server's clock, which the store reads with {@code TIME}: only waiting moves it. */
    static void waitOut(Duration duration) {
        try {
            Thread.sleep(duration.toMillis() + 1);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while letting time pass", ex);
        }
    }

    /** A fresh valid key. */
    static String randomKey() {
        byte[] hash = new byte[32];
        RANDOM.nextBytes(hash);
        return "v1:local:redis-test:" + HexFormat.of().formatHex(hash);
    }

    /** Deletes every Redis key under the prefix, and nothing else; on a cluster, on every master. */
    static void deleteAll(StringRedisTemplate redis, String prefix) {
        List<String> keys = keysUnder(redis, prefix);
        if (!keys.isEmpty()) {
            redis.delete(keys);
        }
    }

    /** The Redis keys under the prefix, found with {@code SCAN}; on a cluster, on every master. */
    static List<String> keysUnder(StringRedisTemplate redis, String prefix) {
        ScanOptions options =
                ScanOptions.scanOptions().match(prefix + "*").count(1000).build();
        return redis.execute((RedisConnection connection) -> {
            List<String> keys = new ArrayList<>();
            if (connection instanceof RedisClusterConnection cluster) {
                for (RedisClusterNode node : cluster.clusterGetNodes()) {
                    if (node.isMaster()) {
                        addAll(cluster.scan(node, options), keys);
                    }
                }
            } else {
                addAll(connection.keyCommands().scan(options), keys);
            }
            return keys;
        });
    }

    private static void addAll(Cursor<byte[]> cursor, List<String> keys) {
        try (cursor) {
            cursor.forEachRemaining(key -> keys.add(new String(key, StandardCharsets.UTF_8)));
        }
    }
}
