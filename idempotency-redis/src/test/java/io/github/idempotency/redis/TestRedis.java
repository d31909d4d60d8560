package io.github.idempotency.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
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
                        .socketOptions(SocketOptions.builder()
                                .connectTimeout(Duration.ofMillis(500))
                                .build())
                        .build())
                .build();
        LettuceConnectionFactory factory =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration(HOST, port), client);
        factory.afterPropertiesSet();
        return factory;
    }

    /** A key prefix no other test run uses. */
    static String uniquePrefix() {
        return "idempotency-test:" + UUID.randomUUID() + ":";
    }

    /** A fresh valid key. */
    static String randomKey() {
        byte[] hash = new byte[32];
        RANDOM.nextBytes(hash);
        return "v1:local:redis-test:" + HexFormat.of().formatHex(hash);
    }

    /** Deletes every Redis key under the prefix, and nothing else. */
    static void deleteAll(StringRedisTemplate redis, String prefix) {
        List<String> keys = new ArrayList<>();
        try (Cursor<String> cursor = redis.scan(
                ScanOptions.scanOptions().match(prefix + "*").count(1000).build())) {
            cursor.forEachRemaining(keys::add);
        }
        if (!keys.isEmpty()) {
            redis.delete(keys);
        }
    }
}
