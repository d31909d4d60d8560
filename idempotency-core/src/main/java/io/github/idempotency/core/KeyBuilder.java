package io.github.idempotency.core;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds keys with per-thread state (encoder buffer, SHA-256 digest) so that a key costs no more
 * than its encoding and hash. Re-entrant use on one thread (a getter that builds a key) gets a
 * fresh builder.
 */
final class KeyBuilder {

    private static final ThreadLocal<KeyBuilder> CURRENT = ThreadLocal.withInitial(KeyBuilder::new);
    private static final int HASH_BYTES = 32;

    private final CanonicalEncoder encoder = new CanonicalEncoder();
    private final MessageDigest sha256;
    private final byte[] hash = new byte[HASH_BYTES];
    private boolean busy;

    private KeyBuilder() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    static String buildKey(String tenant, String scope, @Nullable Object[] parts) {
        String normalizedTenant = KeyText.normalizeTenant(tenant);
        String normalizedScope = KeyText.normalizeScope(scope);
        if (parts.length > IdempotencyKeys.MAX_PARTS) {
            throw new InputTooBigException(
                    parts.length + " key parts are more than " + IdempotencyKeys.MAX_PARTS + " allowed");
        }
        KeyBuilder builder = acquire();
        try {
            builder.encoder.reset();
            builder.encoder.writeParts(parts);
            return builder.finish(normalizedTenant, normalizedScope);
        } finally {
            builder.encoder.release();
            builder.busy = false;
        }
    }

    static String buildKeyFromMap(String tenant, String scope, Map<?, ?> inputs) {
        String normalizedTenant = KeyText.normalizeTenant(tenant);
        String normalizedScope = KeyText.normalizeScope(scope);
        KeyBuilder builder = acquire();
        try {
            builder.encoder.reset();
            builder.encoder.writeMapAsParts(inputs);
            return builder.finish(normalizedTenant, normalizedScope);
        } finally {
            builder.encoder.release();
            builder.busy = false;
        }
    }

    /** The canonical bytes of some parts, for tests and diagnostics. */
    static byte[] canonical(@Nullable Object[] parts) {
        KeyBuilder builder = new KeyBuilder();
        builder.encoder.writeParts(parts);
        CanonicalBuffer out = builder.encoder.out;
        return java.util.Arrays.copyOf(out.bytes(), out.length());
    }

    private static KeyBuilder acquire() {
        KeyBuilder builder = CURRENT.get();
        if (builder.busy) {
            builder = new KeyBuilder();
        }
        builder.busy = true;
        return builder;
    }

    private String finish(String tenant, String scope) {
        CanonicalBuffer out = encoder.out;
        sha256.update(out.bytes(), 0, out.length());
        try {
            sha256.digest(hash, 0, HASH_BYTES);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        int prefix = IdempotencyKeys.KEY_VERSION.length() + tenant.length() + scope.length() + 3;
        byte[] key = new byte[prefix + 2 * HASH_BYTES];
        int pos = copy(IdempotencyKeys.KEY_VERSION, key, 0);
        key[pos++] = ':';
        pos = copy(tenant, key, pos);
        key[pos++] = ':';
        pos = copy(scope, key, pos);
        key[pos++] = ':';
        Hex.write(hash, HASH_BYTES, key, pos);
        return new String(key, StandardCharsets.ISO_8859_1);
    }

    /** Copies ASCII text (tenants and scopes are ASCII once normalised). */
    private static int copy(String ascii, byte[] to, int at) {
        int n = ascii.length();
        for (int i = 0; i < n; i++) {
            to[at + i] = (byte) ascii.charAt(i);
        }
        return at + n;
    }
}
