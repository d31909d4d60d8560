package io.github.idempotency.redis;

import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStoreException;
import io.github.idempotency.core.RecordState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A record as the scripts keep it: one Redis string, {@code <state><updated>,<duration>,<owner>,
 * <created>,<tail>}. The state is one letter ({@code i} in progress, {@code c} complete, {@code f}
 * failed); {@code updated} and {@code created} are epoch milliseconds of the server's clock; the
 * record expires at {@code updated + duration}; the owner is empty once the lease has ended. The tail
 * is empty while in progress, the result's SHA-256 in hex (64 characters) followed by the result bytes
 * when complete, and the error code's length in bytes, a comma, the code and the message when failed.
 * One string keeps each script to a single read and a single write, and the scripts never turn a
 * timestamp into text, which is what a Redis script spends most on; the application builds the tail and
 * reads every field.
 */
final class RecordValue {

    private static final int HASH_LENGTH = 64;

    private RecordValue() {}

    /** The tail of a complete record. */
    static byte[] resultTail(byte[] result, byte[] sha256Hex) {
        byte[] tail = Arrays.copyOf(sha256Hex, HASH_LENGTH + result.length);
        System.arraycopy(result, 0, tail, HASH_LENGTH, result.length);
        return tail;
    }

    /** The tail of a failed record. */
    static byte[] failureTail(byte[] code, byte[] message) {
        byte[] length = (code.length + ",").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = new byte[length.length + code.length + message.length];
        System.arraycopy(length, 0, tail, 0, length.length);
        System.arraycopy(code, 0, tail, length.length, code.length);
        System.arraycopy(message, 0, tail, length.length + code.length, message.length);
        return tail;
    }

    /**
     * Reads a stored record.
     *
     * @param key the canonical key
     * @param value the record as stored, or its fields without the tail when {@code knownTail} is given
     * @param knownTail the tail when the caller sent it and the script left it out of its reply
     * @throws IdempotencyStoreException when the value is not a record of this layout
     */
    static IdempotencyRecord decode(String key, byte[] value, byte @Nullable [] knownTail) {
        try {
            int updatedEnd = indexOfComma(value, 1);
            int durationEnd = indexOfComma(value, updatedEnd + 1);
            int ownerEnd = indexOfComma(value, durationEnd + 1);
            int createdEnd = indexOfComma(value, ownerEnd + 1);
            long updated = number(value, 1, updatedEnd);
            Instant expires = Instant.ofEpochMilli(Math.addExact(updated, number(value, updatedEnd + 1, durationEnd)));
            @Nullable String owner = ownerEnd == durationEnd + 1 ? null : text(value, durationEnd + 1, ownerEnd);
            Instant created = Instant.ofEpochMilli(number(value, ownerEnd + 1, createdEnd));
            byte[] tail = knownTail != null ? knownTail : Arrays.copyOfRange(value, createdEnd + 1, value.length);
            RecordState state = state(value[0]);
            byte @Nullable [] result = null;
            @Nullable String resultHash = null;
            @Nullable String errorCode = null;
            @Nullable String errorMessage = null;
            if (state == RecordState.COMPLETE) {
                resultHash = text(tail, 0, HASH_LENGTH);
                result = Arrays.copyOfRange(tail, HASH_LENGTH, tail.length);
            } else if (state == RecordState.FAILED) {
                int lengthEnd = indexOfComma(tail, 0);
                int codeEnd = lengthEnd + 1 + (int) number(tail, 0, lengthEnd);
                errorCode = text(tail, lengthEnd + 1, codeEnd);
                errorMessage = text(tail, codeEnd, tail.length);
            }
            return new IdempotencyRecord(
                    key,
                    state,
                    owner,
                    created,
                    Instant.ofEpochMilli(updated),
                    expires,
                    result,
                    resultHash,
                    errorCode,
                    errorMessage);
        } catch (RuntimeException ex) {
            throw new IdempotencyStoreException(
                    "Redis idempotency store found no record it can read under key " + key + ": "
                            + new String(value, 0, Math.min(value.length, 40), StandardCharsets.UTF_8),
                    ex);
        }
    }

    private static RecordState state(byte letter) {
        return switch (letter) {
            case 'i' -> RecordState.IN_PROGRESS;
            case 'c' -> RecordState.COMPLETE;
            case 'f' -> RecordState.FAILED;
            default -> throw new IllegalArgumentException("unknown state letter " + (char) letter);
        };
    }

    private static int indexOfComma(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == ',') {
                return i;
            }
        }
        throw new IllegalArgumentException("missing field separator after position " + from);
    }

    private static long number(byte[] bytes, int from, int to) {
        if (from == to) {
            throw new IllegalArgumentException("empty number at position " + from);
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new IllegalArgumentException("not a digit at position " + i);
            }
            value = Math.addExact(Math.multiplyExact(value, 10), digit);
        }
        return value;
    }

    private static String text(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }
}
