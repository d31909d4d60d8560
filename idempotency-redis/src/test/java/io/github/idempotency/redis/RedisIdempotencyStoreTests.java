package io.github.idempotency.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.core.LeaseLostException;
import io.github.idempotency.core.RecordState;
import io.github.idempotency.core.TooLargeException;
import io.github.idempotency.test.LoopbackServers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/** What the Redis store adds to the contract: Redis-side expiry, server time, the data layout. */
class RedisIdempotencyStoreTests {

    private static final String PREFIX = TestRedis.uniquePrefix();

    private static LettuceConnectionFactory connectionFactory;
    private static StringRedisTemplate redis;
    private static RedisIdempotencyStore store;

    @BeforeAll
    static void connect() {
        LoopbackServers.require("Redis", TestRedis.PORT);
        connectionFactory = TestRedis.connectionFactory(TestRedis.PORT, "idempotency-store-tests");
        redis = new StringRedisTemplate(connectionFactory);
        store = new RedisIdempotencyStore(
                connectionFactory,
                RedisIdempotencyStore.Options.defaults().withKeyPrefix(PREFIX).withMaxResultBytes(1024));
    }

    @AfterAll
    static void cleanUp() {
        if (connectionFactory != null) {
            TestRedis.deleteAll(redis, PREFIX);
            connectionFactory.destroy();
        }
    }

    @Test
    void redisExpiresAnInProgressRecordAtTheEndOfItsLease() {
        String key = TestRedis.randomKey();

        IdempotencyRecord record = store.tryBegin(key, Duration.ofSeconds(10)).record();

        assertThat(redis.getExpire(PREFIX + key, java.util.concurrent.TimeUnit.MILLISECONDS))
                .isBetween(9_000L, 10_000L);
        assertRedisRemovesTheKeyAtItsExpiry(key, record);
        assertThat(Duration.between(record.createdAt(), record.expiresAt())).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void retentionReplacesTheLeaseOnceTheRecordIsFinished() {
        String completed = TestRedis.randomKey();
        String failed = TestRedis.randomKey();
        String completedOwner = store.tryBegin(completed, Duration.ofSeconds(5)).ownerToken();
        String failedOwner = store.tryBegin(failed, Duration.ofSeconds(5)).ownerToken();

        IdempotencyRecord complete = store.complete(completed, completedOwner, new byte[] {1}, Duration.ofHours(2));
        IdempotencyRecord failure = store.fail(failed, failedOwner, "E", "boom", Duration.ofMinutes(30));

        assertThat(pttl(completed))
                .isBetween(
                        Duration.ofHours(2).minusSeconds(1).toMillis(),
                        Duration.ofHours(2).toMillis());
        assertRedisRemovesTheKeyAtItsExpiry(completed, complete);
        assertThat(pttl(failed))
                .isBetween(
                        Duration.ofMinutes(30).minusSeconds(1).toMillis(),
                        Duration.ofMinutes(30).toMillis());
        assertRedisRemovesTheKeyAtItsExpiry(failed, failure);
    }

    @Test
    void zeroRetentionRemovesTheRecordFromRedis() {
        String key = TestRedis.randomKey();
        String owner = store.tryBegin(key, Duration.ofSeconds(5)).ownerToken();

        store.complete(key, owner, new byte[] {1}, Duration.ZERO);

        assertThat(redis.hasKey(PREFIX + key)).isFalse();
        assertThat(store.tryBegin(key, Duration.ofSeconds(5)).outcome()).isEqualTo(BeginResult.Outcome.ACQUIRED);
    }

    @Test
    void timestampsComeFromTheServerClock() {
        String key = TestRedis.randomKey();

        long before = serverTimeMillis();
        IdempotencyRecord record = store.tryBegin(key, Duration.ofSeconds(5)).record();
        long after = serverTimeMillis();

        assertThat(record.createdAt().toEpochMilli()).isBetween(before, after);
        assertThat(record.updatedAt()).isEqualTo(record.createdAt());
    }

    @Test
    void aRecordIsExpiredOnceTheServerClockReachesItsExpiryEvenBeforeRedisRemovesIt() {
        String key = TestRedis.randomKey();
        String owner = store.tryBegin(key, Duration.ofSeconds(30)).ownerToken();
        // Keep the Redis key, without a TTL, but move the record's expiry (updated + lease) to the server's present.
        long now = serverTimeMillis();
        redis.opsForValue().set(PREFIX + key, "i" + (now - 30_000) + ",30000," + owner + "," + (now - 30_000) + ",");

        assertThat(store.get(key)).isEmpty();
        assertThatThrownBy(() -> store.touch(key, "someone", Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(
                        LeaseLostException.class,
                        e -> assertThat(e.reason()).isEqualTo(LeaseLostException.Reason.EXPIRED));
        assertThat(store.tryBegin(key, Duration.ofSeconds(5)).outcome()).isEqualTo(BeginResult.Outcome.ACQUIRED);
    }

    @Test
    void storesTheRecordAsOneStringUnderThePrefixedCanonicalKey() throws Exception {
        String key = TestRedis.randomKey();
        String sloppy = "  " + key.replace(":redis-test:", ":REDIS-TEST:") + " ";
        String owner = store.tryBegin(sloppy, Duration.ofSeconds(5)).ownerToken();
        byte[] result = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

        IdempotencyRecord record = store.complete(key, owner, result, Duration.ofMinutes(1));

        assertThat(record.key()).isEqualTo(key);
        assertThat(redis.opsForValue().get(PREFIX + key))
                .isEqualTo("c" + record.updatedAt().toEpochMilli() + ",60000,,"
                        + record.createdAt().toEpochMilli() + "," + sha256(result) + "{\"ok\":true}");
    }

    @Test
    void keepsResultBytesExactlyAsGiven() throws Exception {
        String key = TestRedis.randomKey();
        byte[] result = {0, (byte) 0xff, (byte) 0xc3, 0x28, '\r', '\n', (byte) 0x80, 0};
        String owner = store.tryBegin(key, Duration.ofSeconds(5)).ownerToken();

        store.complete(key, owner, result, Duration.ofMinutes(1));

        IdempotencyRecord replayed = store.tryBegin(key, Duration.ofSeconds(5)).record();
        assertThat(replayed.result()).containsExactly(result);
        assertThat(replayed.resultHash()).isEqualTo(sha256(result));
        assertThat(store.get(key)).get().extracting(IdempotencyRecord::result).isEqualTo(result);
    }

    @Test
    void refusesAnOversizedResultBeforeWritingAndKeepsTheLease() {
        String key = TestRedis.randomKey();
        String owner = store.tryBegin(key, Duration.ofSeconds(5)).ownerToken();

        assertThatThrownBy(() -> store.complete(key, owner, new byte[1025], Duration.ofMinutes(1)))
                .isInstanceOf(TooLargeException.class)
                .hasMessageContaining("1024");

        assertThat(store.get(key)).get().satisfies(record -> {
            assertThat(record.state()).isEqualTo(RecordState.IN_PROGRESS);
            assertThat(record.ownerToken()).isEqualTo(owner);
        });
        assertThat(store.complete(key, owner, new byte[1024], Duration.ofMinutes(1))
                        .state())
                .isEqualTo(RecordState.COMPLETE);
    }

    @Test
    void sweepLeavesExpiryToRedis() {
        String key = TestRedis.randomKey();
        store.tryBegin(key, Duration.ofMillis(1));

        assertThat(store.sweep()).isZero();
    }

    @Test
    void ownerTokensAre128RandomBitsInHex() {
        String first =
                store.tryBegin(TestRedis.randomKey(), Duration.ofSeconds(5)).ownerToken();
        String second =
                store.tryBegin(TestRedis.randomKey(), Duration.ofSeconds(5)).ownerToken();

        assertThat(first).matches("[0-9a-f]{32}");
        assertThat(second).matches("[0-9a-f]{32}").isNotEqualTo(first);
    }

    @Test
    void defaultLeaseAppliesToZeroAndNegativeLeases() {
        RedisIdempotencyStore shortLeases = new RedisIdempotencyStore(
                connectionFactory,
                RedisIdempotencyStore.Options.defaults().withKeyPrefix(PREFIX).withDefaultLease(Duration.ofSeconds(7)));
        String key = TestRedis.randomKey();

        BeginResult begun = shortLeases.tryBegin(key, Duration.ZERO);
        IdempotencyRecord touched = shortLeases.touch(key, begun.ownerToken(), Duration.ofSeconds(-1));

        assertThat(Duration.between(begun.record().createdAt(), begun.record().expiresAt()))
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(Duration.between(touched.updatedAt(), touched.expiresAt())).isEqualTo(Duration.ofSeconds(7));
        assertThat(pttl(key)).isCloseTo(7_000L, within(1_000L));
    }

    @Test
    void aRedisErrorIsAStoreExceptionThatNamesTheKey() {
        String key = TestRedis.randomKey();
        redis.opsForHash().put(PREFIX + key, "state", "not a string");

        assertThatThrownBy(() -> store.get(key))
                .isInstanceOf(IdempotencyStoreException.class)
                .hasMessageContaining(key)
                .hasMessageContaining("WRONGTYPE");
    }

    @Test
    void aValueThatIsNoRecordIsAStoreExceptionThatNamesTheKey() {
        String key = TestRedis.randomKey();
        redis.opsForValue().set(PREFIX + key, "not a record", Duration.ofMinutes(1));

        assertThatThrownBy(() -> store.get(key))
                .isInstanceOf(IdempotencyStoreException.class)
                .hasMessageContaining(key);
        assertThatThrownBy(() -> store.tryBegin(key, Duration.ofSeconds(5)))
                .isInstanceOf(IdempotencyStoreException.class)
                .hasMessageContaining(key);
    }

    private static long pttl(String key) {
        return redis.getExpire(PREFIX + key, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Redis counts the TTL from its own write, a moment after the script read the time, so the key goes
     * at the record's expiry or a few milliseconds later; the scripts treat the record as expired from
     * its expiry on.
     */
    private static void assertRedisRemovesTheKeyAtItsExpiry(String key, IdempotencyRecord record) {
        assertThat(pexpireTime(key))
                .isBetween(
                        record.expiresAt().toEpochMilli(),
                        record.expiresAt().plusSeconds(1).toEpochMilli());
    }

    private static long pexpireTime(String key) {
        return redis.execute(
                RedisScript.of("return redis.call('PEXPIRETIME', KEYS[1])", Long.class), List.of(PREFIX + key));
    }

    private static long serverTimeMillis() {
        return redis.execute(
                (RedisCallback<Long>) connection -> connection.serverCommands().time());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
