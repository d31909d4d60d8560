package io.github.idempotency.redis;

import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.LeaseLostException;
import io.github.idempotency.core.RecordState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a script's reply: a status code, then the record's fields in the order {@code state, owner,
 * created, updated, expires, result, result_hash, error_code, error_message}. Text arrives as bytes,
 * timestamps as bytes or integers; the result bytes are kept as they are, never decoded as text.
 */
final class ScriptReply {

    private final List<?> values;

    ScriptReply(@Nullable List<?> values) {
        if (values == null || values.isEmpty() || !(values.get(0) instanceof Long)) {
            throw new IllegalStateException("unexpected reply from an idempotency script: " + values);
        }
        this.values = values;
    }

    /** The script's status code: 0 for success, negative for a lost lease, else an outcome. */
    long code() {
        return (Long) values.get(0);
    }

    /** The reason a fenced script refused, for a negative code. */
    LeaseLostException.Reason leaseLostReason() {
        return switch ((int) code()) {
            case -1 -> LeaseLostException.Reason.EXPIRED;
            case -2 -> LeaseLostException.Reason.NOT_IN_PROGRESS;
            case -3 -> LeaseLostException.Reason.NOT_OWNER;
            default -> throw new IllegalStateException("not a lease-lost code: " + code());
        };
    }

    /**
     * Builds the record from the fields after the status code.
     *
     * @param key the canonical key
     * @param knownResult the result bytes when the script left them out of its reply because the
     *     caller sent them; {@code null} to take them from the reply
     */
    IdempotencyRecord record(String key, byte @Nullable [] knownResult) {
        byte[] result = knownResult != null ? knownResult : bytes(6);
        return new IdempotencyRecord(
                key,
                RecordState.fromWireName(requireText(1)),
                text(2),
                instant(3),
                instant(4),
                instant(5),
                result,
                text(7),
                text(8),
                text(9));
    }

    private @Nullable Object value(int index) {
        return index < values.size() ? values.get(index) : null;
    }

    private byte @Nullable [] bytes(int index) {
        return value(index) instanceof byte[] bytes ? bytes : null;
    }

    private @Nullable String text(int index) {
        byte[] bytes = bytes(index);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private String requireText(int index) {
        String text = text(index);
        if (text == null) {
            throw new IllegalStateException("idempotency record without field " + index + ": " + values);
        }
        return text;
    }

    private Instant instant(int index) {
        Object value = value(index);
        if (value instanceof Long millis) {
            return Instant.ofEpochMilli(millis);
        }
        return Instant.ofEpochMilli(Long.parseLong(requireText(index)));
    }
}
