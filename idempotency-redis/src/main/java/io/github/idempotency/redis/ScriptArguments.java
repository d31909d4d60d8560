package io.github.idempotency.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/** Turns the store's arguments into the bytes a script receives in {@code ARGV}. */
final class ScriptArguments {

    /** Longer leases and retentions are capped at this: a hundred years. */
    static final Duration MAX_DURATION = Duration.ofDays(36_525);

    private ScriptArguments() {}

    /** UTF-8 text. */
    static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whole milliseconds in decimal: zero for zero or negative, at least one for a positive duration
     * (so a tiny lease never means "expire now"), at most {@link #MAX_DURATION}.
     */
    static byte[] millis(Duration duration) {
        long millis;
        if (duration.isNegative() || duration.isZero()) {
            millis = 0;
        } else if (duration.compareTo(MAX_DURATION) > 0) {
            millis = MAX_DURATION.toMillis();
        } else {
            millis = Math.max(1, duration.toMillis());
        }
        return text(Long.toString(millis));
    }

    /** Trimmed and cut to {@code max} characters, never splitting a surrogate pair. */
    static byte[] trimmed(String value, int max) {
        String text = value.strip();
        if (text.codePointCount(0, text.length()) > max) {
            text = text.substring(0, text.offsetByCodePoints(0, max));
        }
        return text(text);
    }

    /** The lower-case hex SHA-256 of the bytes. */
    static byte[] sha256Hex(byte[] bytes) {
        try {
            return text(HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java platform provides SHA-256", ex);
        }
    }
}
