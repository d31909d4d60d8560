package io.github.idempotency.redis;

import io.github.idempotency.core.IdempotencyStoreException;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * One store call, ready to send: the script, its one key and its arguments, and how its reply becomes
 * the call's answer. The blocking and the reactive connection send the same calls.
 *
 * @param operation what the call does, for error messages
 * @param key the record's canonical key
 * @param redisKey the Redis key of the record: the prefix and the canonical key
 * @param script the script to run
 * @param args the script's {@code ARGV}
 * @param answer turns the script's reply ({@code null} for none) into the answer, or throws what the
 *     reply means (a lost lease)
 * @param <T> the call's answer
 */
record ScriptCall<T>(
        String operation,
        String key,
        String redisKey,
        RedisScript<byte[]> script,
        List<byte[]> args,
        Function<byte @Nullable [], T> answer) {

    /** The answer to the script's reply. */
    T answer(byte @Nullable [] reply) {
        return answer.apply(reply);
    }

    /** What the caller gets when Redis could not be reached or refused the script. */
    IdempotencyStoreException failed(DataAccessException ex) {
        return failed(operation, key, ex);
    }

    /** Spring's message, plus the client's or server's own words when Spring's hide them. */
    static IdempotencyStoreException failed(String operation, String key, DataAccessException ex) {
        String message = String.valueOf(ex.getMessage());
        String cause = ex.getMostSpecificCause().getMessage();
        String described = cause == null || message.contains(cause) ? message : message + ": " + cause;
        return new IdempotencyStoreException(
                "Redis idempotency store failed to " + operation + " key " + key + ": " + described, ex);
    }
}
