package io.github.idempotency.redis;

import static io.github.idempotency.redis.ScriptArguments.millis;
import static io.github.idempotency.redis.ScriptArguments.sha256Hex;
import static io.github.idempotency.redis.ScriptArguments.text;
import static io.github.idempotency.redis.ScriptArguments.trimmed;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.LeaseLostException;
import io.github.idempotency.core.OwnerTokens;
import io.github.idempotency.core.RecordState;
import io.github.idempotency.core.TooLargeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Builds each store call from its arguments, checking them first, and reads its reply: what every
 * call means, whichever connection sends it. A check that fails throws before anything is sent.
 */
final class StoreCalls {

    private static final int MAX_ERROR_CODE_LENGTH = 64;
    private static final int MAX_ERROR_MESSAGE_LENGTH = 512;
    private static final byte[] COMPLETE = {'c'};
    private static final byte[] FAILED = {'f'};

    private final RedisIdempotencyStore.Options options;

    StoreCalls(RedisIdempotencyStore.Options options) {
        this.options = options;
    }

    ScriptCall<BeginResult> tryBegin(String key, Duration lease) {
        String canonical = canonicalKey(key);
        String owner = OwnerTokens.newToken();
        return call(
                "begin",
                canonical,
                StoreScripts.TRY_BEGIN,
                reply -> {
                    IdempotencyRecord record = RecordValue.decode(canonical, required(canonical, reply), null);
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
                },
                text(owner),
                millis(leaseOrDefault(lease)));
    }

    ScriptCall<IdempotencyRecord> touch(String key, String ownerToken, Duration lease) {
        String canonical = canonicalKey(key);
        requireOwner(ownerToken);
        return call(
                "touch",
                canonical,
                StoreScripts.TOUCH,
                reply -> fenced(canonical, reply, null),
                text(ownerToken),
                millis(leaseOrDefault(lease)));
    }

    /** Throws {@link TooLargeException} for a result over the limit: the lease stays held. */
    ScriptCall<IdempotencyRecord> complete(String key, String ownerToken, byte[] result, Duration retention) {
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

    ScriptCall<IdempotencyRecord> fail(String key, String ownerToken, String code, String message, Duration retention) {
        String canonical = canonicalKey(key);
        requireOwner(ownerToken);
        byte[] tail = RecordValue.failureTail(
                trimmed(code, MAX_ERROR_CODE_LENGTH), trimmed(message, MAX_ERROR_MESSAGE_LENGTH));
        return finish("fail", canonical, ownerToken, retention, FAILED, tail);
    }

    ScriptCall<Optional<IdempotencyRecord>> get(String key) {
        String canonical = canonicalKey(key);
        return call(
                "get",
                canonical,
                StoreScripts.GET,
                reply -> reply == null ? Optional.empty() : Optional.of(RecordValue.decode(canonical, reply, null)));
    }

    /** The Redis key of a record. */
    String redisKey(String canonicalKey) {
        return options.keyPrefix() + canonicalKey;
    }

    private ScriptCall<IdempotencyRecord> finish(
            String operation, String key, String ownerToken, Duration retention, byte[] state, byte[] tail) {
        return call(
                operation,
                key,
                StoreScripts.FINISH,
                reply -> fenced(key, reply, tail),
                text(ownerToken),
                millis(retention),
                state,
                tail);
    }

    private <T> ScriptCall<T> call(
            String operation,
            String key,
            RedisScript<byte[]> script,
            Function<byte @Nullable [], T> answer,
            byte[]... args) {
        return new ScriptCall<>(operation, key, redisKey(key), script, List.of(args), answer);
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

    static String canonicalKey(String key) {
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
