package io.github.idempotency.redis;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.core.NonBlockingIdempotencyStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * An {@link IdempotencyStore} on Redis, shared by every instance that uses the same server.
 *
 * <p>Each record is one string under {@code keyPrefix + key} (see {@link RecordValue}). Every call is
 * one Lua script that reads the server's {@code TIME}, checks and changes only that one key with at
 * most one read and one write, and gives the key the record's expiry: the lease while in progress, the
 * retention once finished. Redis removes expired records
 * itself, so {@link #sweep()} has nothing to do, and the store works on Redis Cluster. Spring sends a
 * script as {@code EVALSHA}, falling back to {@code EVAL} once when the server does not know it yet.
 * A connection failure or a Redis error surfaces as {@link IdempotencyStoreException}.
 *
 * <p>On a connection factory that is also reactive ({@code LettuceConnectionFactory}), {@link
 * #nonBlocking()} offers {@code tryBegin}, {@code complete} and {@code fail} through the reactive
 * connection, for callers that must not block; they send the same scripts and read the replies the
 * same way.
 */
public final class RedisIdempotencyStore implements IdempotencyStore {

    private static final RedisSerializer<byte[]> ARGUMENTS = RedisSerializer.byteArray();
    private static final RedisSerializer<byte[]> REPLY = RedisSerializer.byteArray();

    private final StringRedisTemplate redis;
    private final Options options;
    private final StoreCalls calls;
    private final Optional<NonBlockingIdempotencyStore> nonBlocking;

    /**
     * Settings of the Redis store.
     *
     * @param keyPrefix the prefix of every Redis key the store writes, possibly empty
     * @param defaultLease the lease used when a call passes zero or a negative lease; positive
     * @param maxResultBytes the largest result {@code complete} accepts; zero or more
     */
    public record Options(String keyPrefix, Duration defaultLease, int maxResultBytes) {
        /** {@code idempotency:}. */
        public static final String DEFAULT_KEY_PREFIX = "idempotency:";
        /** Five minutes, as the memory store. */
        public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);
        /** 1 MiB. */
        public static final int DEFAULT_MAX_RESULT_BYTES = 1024 * 1024;

        /**
         * Checks the settings.
         *
         * @throws IllegalArgumentException when the lease is not positive or the limit is negative
         */
        public Options {
            Objects.requireNonNull(keyPrefix, "keyPrefix must not be null");
            Objects.requireNonNull(defaultLease, "defaultLease must not be null");
            if (defaultLease.isNegative() || defaultLease.isZero()) {
                throw new IllegalArgumentException("defaultLease must be positive: " + defaultLease);
            }
            if (maxResultBytes < 0) {
                throw new IllegalArgumentException("maxResultBytes must not be negative: " + maxResultBytes);
            }
        }

        /**
         * Returns the defaults: prefix {@code idempotency:}, a five-minute lease, 1 MiB results.
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options(DEFAULT_KEY_PREFIX, DEFAULT_LEASE, DEFAULT_MAX_RESULT_BYTES);
        }

        /**
         * Returns these options with another key prefix.
         *
         * @param keyPrefix the prefix of every Redis key the store writes
         * @return the new options
         */
        public Options withKeyPrefix(String keyPrefix) {
            return new Options(keyPrefix, defaultLease, maxResultBytes);
        }

        /**
         * Returns these options with another default lease.
         *
         * @param defaultLease the lease used when a call passes zero or a negative lease
         * @return the new options
         */
        public Options withDefaultLease(Duration defaultLease) {
            return new Options(keyPrefix, defaultLease, maxResultBytes);
        }

        /**
         * Returns these options with another result limit.
         *
         * @param maxResultBytes the largest result {@code complete} accepts
         * @return the new options
         */
        public Options withMaxResultBytes(int maxResultBytes) {
            return new Options(keyPrefix, defaultLease, maxResultBytes);
        }
    }

    /**
     * Creates a store with the {@linkplain Options#defaults() default options}.
     *
     * @param connectionFactory the connection to Redis; no connection is opened until the first call
     */
    public RedisIdempotencyStore(RedisConnectionFactory connectionFactory) {
        this(connectionFactory, Options.defaults());
    }

    /**
     * Creates a store.
     *
     * @param connectionFactory the connection to Redis; no connection is opened until the first call
     * @param options the key prefix, default lease and result limit
     */
    public RedisIdempotencyStore(RedisConnectionFactory connectionFactory, Options options) {
        Objects.requireNonNull(connectionFactory, "connectionFactory must not be null");
        this.options = Objects.requireNonNull(options, "options must not be null");
        this.redis = new StringRedisTemplate(connectionFactory);
        this.calls = new StoreCalls(options);
        this.nonBlocking = (connectionFactory instanceof ReactiveRedisConnectionFactory reactive)
                ? Optional.of(new ReactiveStoreCalls(reactive, calls))
                : Optional.empty();
    }

    @Override
    public BeginResult tryBegin(String key, Duration lease) {
        return run(calls.tryBegin(key, lease));
    }

    @Override
    public IdempotencyRecord touch(String key, String ownerToken, Duration lease) {
        return run(calls.touch(key, ownerToken, lease));
    }

    @Override
    public IdempotencyRecord complete(String key, String ownerToken, byte[] result, Duration retention) {
        return run(calls.complete(key, ownerToken, result, retention));
    }

    @Override
    public IdempotencyRecord fail(String key, String ownerToken, String code, String message, Duration retention) {
        return run(calls.fail(key, ownerToken, code, message, retention));
    }

    @Override
    public Optional<IdempotencyRecord> get(String key) {
        return run(calls.get(key));
    }

    @Override
    public void delete(String key) {
        String canonical = StoreCalls.canonicalKey(key);
        try {
            redis.delete(calls.redisKey(canonical));
        } catch (DataAccessException ex) {
            throw ScriptCall.failed("delete", canonical, ex);
        }
    }

    /**
     * Does nothing: Redis expires every record itself, at the end of its lease or retention.
     *
     * @return 0
     */
    @Override
    public int sweep() {
        return 0;
    }

    /**
     * Returns the options this store runs with.
     *
     * @return the options
     */
    public Options options() {
        return options;
    }

    /**
     * Returns {@code tryBegin}, {@code complete} and {@code fail} through Spring Data Redis's reactive
     * connection when the connection factory is also a {@link ReactiveRedisConnectionFactory} (as
     * {@code LettuceConnectionFactory} is): the same scripts, one round trip each, and no thread
     * waits for the reply. The stages complete on Lettuce's I/O threads.
     *
     * @return the non-blocking calls, or empty when the connection factory has no reactive connection
     */
    @Override
    public Optional<NonBlockingIdempotencyStore> nonBlocking() {
        return nonBlocking;
    }

    private <T> T run(ScriptCall<T> call) {
        byte[] reply;
        try {
            reply = redis.execute(
                    call.script(),
                    ARGUMENTS,
                    REPLY,
                    List.of(call.redisKey()),
                    call.args().toArray());
        } catch (DataAccessException ex) {
            throw call.failed(ex);
        }
        return call.answer(reply);
    }
}
