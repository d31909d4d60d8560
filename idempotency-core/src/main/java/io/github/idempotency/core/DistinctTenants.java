package io.github.idempotency.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Gives every raw tenant a key tenant of its own: a tenant that normalisation leaves as it is keeps
 * its Go-compatible form, any other gets its normal form cut to {@value #PREFIX_BYTES} bytes, a dash
 * and 32 hex digits of the SHA-256 of its UTF-8 bytes, so {@code ACME} and {@code acme} (or {@code
 * acme.corp} and {@code acmecorp}) never share keys.
 */
final class DistinctTenants {

    /** What is kept of the normal form: with the dash and 32 hex digits, 64 bytes at most. */
    static final int PREFIX_BYTES = IdempotencyKeys.MAX_TENANT_LEN - 1 - 32;

    private DistinctTenants() {}

    static String of(String tenant) {
        String normal = KeyText.normalizeTenant(tenant);
        if (normal.equals(tenant)) {
            return tenant;
        }
        String prefix = normal.length() > PREFIX_BYTES ? normal.substring(0, PREFIX_BYTES) : normal;
        byte[] digest = sha256().digest(tenant.getBytes(StandardCharsets.UTF_8));
        return prefix + "-" + LowerHex.format(digest, 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available", ex); // every JDK has it
        }
    }
}
