package io.github.idempotency.benchmarks;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.redis.RedisIdempotencyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis store's {@code tryBegin} then {@code complete} (256-byte result) on fresh keys against
 * the Redis on 127.0.0.1:6379, next to a bare {@code PING} on the same connection: one round trip.
 * Everything is written under a prefix of its own, removed after each iteration.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class RedisStoreBenchmark {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration RETENTION = Duration.ofSeconds(30);
    private static final int KEYS_PER_ITERATION = 500_000;

    private final byte[] result = new byte[256];
    private final FreshKeys source = new FreshKeys("pay");
    private String prefix;
    private LettuceConnectionFactory connectionFactory;
    private StringRedisTemplate redis;
    private RedisIdempotencyStore store;
    private FreshKeys.Ring keys;

    @Setup(Level.Trial)
    public void connect() {
        Arrays.fill(result, (byte) 'r');
        prefix = "idempotency-bench:" + UUID.randomUUID() + ":";
        connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
        connectionFactory.afterPropertiesSet();
        connectionFactory.start();
        redis = new StringRedisTemplate(connectionFactory);
        store = new RedisIdempotencyStore(
                connectionFactory, RedisIdempotencyStore.Options.defaults().withKeyPrefix(prefix));
    }

    @Setup(Level.Iteration)
    public void makeKeys() {
        keys = new FreshKeys.Ring(source, KEYS_PER_ITERATION);
    }

    @TearDown(Level.Iteration)
    public void removeRecords() {
        List<String> written = new ArrayList<>();
        try (Cursor<String> cursor = redis.scan(
                ScanOptions.scanOptions().match(prefix + "*").count(10_000).build())) {
            cursor.forEachRemaining(written::add);
        }
        for (int from = 0; from < written.size(); from += 10_000) {
            redis.delete(written.subList(from, Math.min(written.size(), from + 10_000)));
        }
    }

    @TearDown(Level.Trial)
    public void disconnect() {
        removeRecords();
        connectionFactory.destroy();
    }

    @Benchmark
    public IdempotencyRecord beginAndComplete() {
        String key = keys.next();
        BeginResult begun = store.tryBegin(key, LEASE);
        return store.complete(key, begun.ownerToken(), result, RETENTION);
    }

    @Benchmark
    public String ping() {
        return redis.execute((RedisCallback<String>) connection -> connection.ping());
    }
}
