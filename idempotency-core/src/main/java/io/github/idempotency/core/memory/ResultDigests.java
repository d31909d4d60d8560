package io.github.idempotency.core.memory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of a stored result, as lower-case hex. */
final class ResultDigests {

    private static final HexFormat HEX = HexFormat.of();

    // MessageDigest.getInstance looks the provider up on every call; one digest per thread avoids that.
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    });

    private ResultDigests() {}

    static String sha256Hex(byte[] bytes) {
        return HEX.formatHex(SHA_256.get().digest(bytes));
    }
}
