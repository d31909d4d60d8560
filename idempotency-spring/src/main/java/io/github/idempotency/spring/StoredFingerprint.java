package io.github.idempotency.spring;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Where an {@code @Idempotent} call's payload fingerprint lives in its record, since the store
 * keeps none of its own: a result is stored as {@code {"@fingerprint":"<64 hex>","result":<the
 * result's JSON>}}, still JSON; a recorded failure's message starts with {@code [fingerprint <64
 * hex>] }. A record written without a fingerprint is read as it is.
 */
final class StoredFingerprint {

    private static final byte[] RESULT_HEAD = "{\"@fingerprint\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESULT_MIDDLE = "\",\"result\":".getBytes(StandardCharsets.US_ASCII);
    private static final int HEX = 64;
    private static final int RESULT_START = RESULT_HEAD.length + HEX + RESULT_MIDDLE.length;
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final String MESSAGE_HEAD = "[fingerprint ";
    private static final int MESSAGE_START = MESSAGE_HEAD.length() + HEX + 2;

    private StoredFingerprint() {}

    /** The result bytes with the fingerprint around them; the bytes alone when there is none. */
    static byte[] wrapResult(@Nullable String fingerprint, byte[] result) {
        if (fingerprint == null) {
            return result;
        }
        byte[] value = result.length == 0 ? NULL : result; // void stores no bytes
        byte[] wrapped = new byte[RESULT_START + value.length + 1];
        System.arraycopy(RESULT_HEAD, 0, wrapped, 0, RESULT_HEAD.length);
        System.arraycopy(fingerprint.getBytes(StandardCharsets.US_ASCII), 0, wrapped, RESULT_HEAD.length, HEX);
        System.arraycopy(RESULT_MIDDLE, 0, wrapped, RESULT_HEAD.length + HEX, RESULT_MIDDLE.length);
        System.arraycopy(value, 0, wrapped, RESULT_START, value.length);
        wrapped[wrapped.length - 1] = '}';
        return wrapped;
    }

    /** The fingerprint a stored result was written with, or {@code null} for none. */
    static @Nullable String ofResult(byte[] stored) {
        if (stored.length <= RESULT_START
                || !Arrays.equals(stored, 0, RESULT_HEAD.length, RESULT_HEAD, 0, RESULT_HEAD.length)
                || !Arrays.equals(
                        stored, RESULT_HEAD.length + HEX, RESULT_START, RESULT_MIDDLE, 0, RESULT_MIDDLE.length)
                || stored[stored.length - 1] != '}') {
            return null;
        }
        return new String(stored, RESULT_HEAD.length, HEX, StandardCharsets.US_ASCII);
    }

    /** The result bytes inside a stored result with a fingerprint; the stored bytes otherwise. */
    static byte[] unwrapResult(byte[] stored) {
        return ofResult(stored) == null ? stored : Arrays.copyOfRange(stored, RESULT_START, stored.length - 1);
    }

    /** A failure message with the fingerprint leading it; the message alone when there is none. */
    static String wrapMessage(@Nullable String fingerprint, String message) {
        return fingerprint == null ? message : MESSAGE_HEAD + fingerprint + "] " + message;
    }

    /** The fingerprint a stored failure message was written with, or {@code null} for none. */
    static @Nullable String ofMessage(String stored) {
        if (stored.length() < MESSAGE_START - 1
                || !stored.startsWith(MESSAGE_HEAD)
                || stored.charAt(MESSAGE_HEAD.length() + HEX) != ']') {
            return null;
        }
        return stored.substring(MESSAGE_HEAD.length(), MESSAGE_HEAD.length() + HEX);
    }

    /** The message inside a stored failure message with a fingerprint; the stored message otherwise. */
    static String unwrapMessage(String stored) {
        return ofMessage(stored) == null ? stored : stored.substring(Math.min(MESSAGE_START, stored.length()));
    }
}
