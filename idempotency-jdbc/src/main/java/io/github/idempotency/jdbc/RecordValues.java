package io.github.idempotency.jdbc;

import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.RecordState;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/** The values the store computes in the JVM: the result hash, the cut failure text, a removed record. */
final class RecordValues {

    static final int MAX_ERROR_CODE = 64;
    static final int MAX_ERROR_MESSAGE = 512;

    private RecordValues() {}

    /** Trims and keeps the first {@code max} Unicode characters, never splitting a surrogate pair. */
    static String cut(String text, int max) {
        String trimmed = text.trim();
        if (trimmed.codePointCount(0, trimmed.length()) <= max) {
            return trimmed;
        }
        return trimmed.substring(0, trimmed.offsetByCodePoints(0, max));
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** The record as a zero-retention complete or fail leaves it: finished at the statement, and already gone. */
    static IdempotencyRecord removedAs(
            StoredRow removed,
            RecordState state,
            byte @Nullable [] result,
            @Nullable String resultHash,
            @Nullable String errorCode,
            @Nullable String errorMessage) {
        return new IdempotencyRecord(
                removed.record().key(),
                state,
                null,
                removed.record().createdAt(),
                removed.databaseNow(),
                removed.databaseNow(),
                result,
                resultHash,
                errorCode,
                errorMessage);
    }
}
