package io.github.idempotency.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The hash every store keeps beside a result: SHA-256, as 64 lower-case hex characters. */
public final class ResultHashes {

    // MessageDigest.getInstance looks the provider up on every call; one digest per thread avoids that.
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    });

    private ResultHashes() {}

    /**
     * Returns the SHA-256 of the bytes.
     *
     * @param result the result bytes, possibly empty
     * @return 64 lower-case hex characters
     */
    public static String sha256Hex(byte[] result) {
        byte[] digest = SHA_256.get().digest(result);
        return LowerHex.format(digest, 0, digest.length);
    }
}
