package io.github.idempotency.redis;

import static io.github.idempotency.redis.ScriptArguments.millis;
import static io.github.idempotency.redis.ScriptArguments.sha256Hex;
import static io.github.idempotency.redis.ScriptArguments.text;
import static io.github.idempotency.redis.ScriptArguments.trimmed;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.core.LeaseLostException;
import io.github.idempotency.core.OwnerTokens;
import io.github.idempotency.core.RecordState;
import io.github.idempotency.core.TooLargeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
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
 */
public final class RedisIdempotencyStore implements IdempotencyStore {

    private static final int MAX_ERROR_CODE_LENGTH = 64;
    private static final int MAX_ERROR_MESSAGE_LENGTH = 512;
    private static final RedisSerializer<byte[]> ARGUMENTS = RedisSerializer.byteArray();

    private static final RedisSerializer<byte[]> REPLY = RedisSerializer.byteArray();
    private static final byte[] COMPLETE = {'c'};
    private static final byte[] FAILED = {'f'};

    private final StringRedisTemplate redis;
    private final Options options;

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
    }

    @Override
    public BeginResult tryBegin(String key, Duration lease) {
        String canonical = canonicalKey(key);
        String owner = OwnerTokens.newToken();
        IdempotencyRecord record = RecordValue.decode(
                canonical,
                required(
                        canonical,
                        run("begin", canonical, StoreScripts.TRY_BEGIN, text(owner), millis(leaseOrDefault(lease)))),
                null);
        // The script answers with the record as it stands; only a record it created carries the new token.
        BeginResult.Outcome outcome;
        if (record.state() != RecordState.IN_PROGRESS) {
            outcome = BeginResult.Outcome.REPLAY;
        } else if (owner.equals(record.ownerToken())) {
            outcome = BeginResult.Outcome.ACQUIRED;
        } else {
            outcome = BeginResult.Outcome.CONFLICT;
        }
        return new BeginResult(outcome, record);
    }

    @Override
    public IdempotencyRecord touch(String key, String ownerToken, Duration lease) {
        String canonical = canonicalKey(key);
        requireOwner(ownerToken);
        byte[] reply = run("touch", canonical, StoreScripts.TOUCH, text(ownerToken), millis(leaseOrDefault(lease)));
        return fenced(canonical, reply, null);
    }

    @Override
    public IdempotencyRecord complete(String key, String ownerToken, byte[] result, Duration retention) {
        String canonical = canonicalKey(key);
        requireOwner(ownerToken);
        Objects.requireNonNull(result, "result must not be null");
        if (result.length > options.maxResultBytes()) {
            throw new TooLargeException("result of " + result.length + " bytes for key " + canonical
                    + " is over the limit of " + options.maxResultBytes() + " bytes");
        }
        return finish(
                "complete",
                canonical,
                ownerToken,
                retention,
                COMPLETE,
                RecordValue.resultTail(result, sha256Hex(result)));
    }

    @Override
    public IdempotencyRecord fail(String key, String ownerToken, String code, String message, Duration retention) {
        String canonical = canonicalKey(key);
        requireOwner(ownerToken);
        byte[] tail = RecordValue.failureTail(
                trimmed(code, MAX_ERROR_CODE_LENGTH), trimmed(message, MAX_ERROR_MESSAGE_LENGTH));
        return finish("fail", canonical, ownerToken, retention, FAILED, tail);
    }

    @Override
    public Optional<IdempotencyRecord> get(String key) {
        String canonical = canonicalKey(key);
        byte[] reply = run("get", canonical, StoreScripts.GET);
        return reply == null ? Optional.empty() : Optional.of(RecordValue.decode(canonical, reply, null));
    }

    @Override
    public void delete(String key) {
        String canonical = canonicalKey(key);
        call("delete", canonical, () -> redis.delete(options.keyPrefix() + canonical));
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

    private IdempotencyRecord finish(
            String operation, String key, String ownerToken, Duration retention, byte[] state, byte[] tail) {
        byte[] reply = run(operation, key, StoreScripts.FINISH, text(ownerToken), millis(retention), state, tail);
        return fenced(key, reply, tail);
    }

    private byte @Nullable [] run(String operation, String key, RedisScript<byte[]> script, Object... args) {
        return call(
                operation,
                key,
                () -> redis.execute(script, ARGUMENTS, REPLY, List.of(options.keyPrefix() + key), args));
    }

    private <T> T call(String operation, String key, Supplier<T> action) {
        try {
            return action.get();
        } catch (DataAccessException ex) {
            throw new IdempotencyStoreException(
                    "Redis idempotency store failed to " + operation + " key " + key + ": " + describe(ex), ex);
        }
    }

    /** Spring's message, plus the client's or server's own words when Spring's hide them. */
    private static String describe(DataAccessException ex) {
        String message = String.valueOf(ex.getMessage());
        String cause = ex.getMostSpecificCause().getMessage();
        return cause == null || message.contains(cause) ? message : message + ": " + cause;
    }

    /** A fenced script's reply: the record, or why the caller's lease is gone. */
    private static IdempotencyRecord fenced(String key, byte @Nullable [] reply, byte @Nullable [] knownTail) {
        byte[] record = required(key, reply);
        if (record.length > 0 && record[0] == '-') {
            throw new LeaseLostException(
                    key,
                    switch (new String(record, StandardCharsets.US_ASCII)) {
                        case "-expired" -> LeaseLostException.Reason.EXPIRED;
                        case "-not_in_progress" -> LeaseLostException.Reason.NOT_IN_PROGRESS;
                        case "-not_owner" -> LeaseLostException.Reason.NOT_OWNER;
                        default ->
                            throw new IllegalStateException("unexpected reply from an idempotency script: "
                                    + new String(record, StandardCharsets.UTF_8));
                    });
        }
        return RecordValue.decode(key, record, knownTail);
    }

    private static byte[] required(String key, byte @Nullable [] reply) {
        if (reply == null) {
            throw new IllegalStateException("no reply from an idempotency script for key " + key);
        }
        return reply;
    }

    private static String canonicalKey(String key) {
        return IdempotencyKeys.parseKey(key).toKey();
    }

    private static void requireOwner(String ownerToken) {
        if (ownerToken == null || ownerToken.isBlank()) {
            throw new IllegalArgumentException("owner token must not be blank");
        }
    }

    private Duration leaseOrDefault(Duration lease) {
        return lease.isNegative() || lease.isZero() ? options.defaultLease() : lease;
    }
}
