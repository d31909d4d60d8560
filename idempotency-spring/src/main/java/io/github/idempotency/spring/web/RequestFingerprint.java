package io.github.idempotency.spring.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The fingerprint that tells a repeat of a request from a different request under the same key: a
 * SHA-256 over the method, the raw path with its query, the {@code Content-Type} as sent, every
 * {@code Content-Encoding}, and the body. The same bytes mean something else as {@code text/plain}
 * than as {@code application/json}, or gzipped, so those are part of it. The servlet and the WebFlux
 * filter compute it alike.
 */
public final class RequestFingerprint {

    // MessageDigest.getInstance looks the provider up on every call; a clone of this unused digest is
    // a copy of its initial state
    private static final MessageDigest SHA_256 = newSha256();

    private RequestFingerprint() {}

    /**
     * Returns the fingerprint of a request, in lower-case hex.
     *
     * @param method the request method
     * @param rawPath the path as sent, still percent-encoded
     * @param rawQuery the query as sent, or {@code null} when there is none
     * @param contentType the {@code Content-Type} as sent, without surrounding blanks; empty when none
     * @param encodings every {@code Content-Encoding} value, in order
     * @param body the body bytes
     * @return the fingerprint
     */
    public static String of(
            String method,
            String rawPath,
            @Nullable String rawQuery,
            String contentType,
            List<String> encodings,
            byte[] body) {
        return HexFormat.of()
                .formatHex(
                        start(method, rawPath, rawQuery, contentType, encodings).digest(body));
    }

    /**
     * Starts a fingerprint with everything but the body, for a caller that feeds the body in parts.
     *
     * @return a digest holding the request line and the headers that say how to read the body
     */
    static MessageDigest start(
            String method, String rawPath, @Nullable String rawQuery, String contentType, List<String> encodings) {
        String target = method
                + ' '
                + rawPath
                + (rawQuery != null ? "?" + rawQuery : "")
                + '\n'
                + contentType
                + '\n'
                + String.join(",", encodings)
                + '\n';
        MessageDigest sha256;
        try {
            sha256 = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException ex) {
            sha256 = newSha256();
        }
        sha256.update(target.getBytes(StandardCharsets.UTF_8));
        return sha256;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
    }
}
