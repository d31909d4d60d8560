package io.github.idempotency.core;

import org.jspecify.annotations.Nullable;

/** Validation and parsing of {@code v1:<tenant>:<scope>:<hash>} keys, accepting exactly what the Go reference accepts. */
final class KeyFormat {

    private static final int HASH_LEN = 64;

    private KeyFormat() {}

    static KeyParts parse(@Nullable String key) {
        if (key == null) {
            throw new InvalidKeyException("key must not be null");
        }
        String trimmed = KeyText.trim(key);
        if (trimmed.isEmpty()) {
            throw new InvalidKeyException("key must not be blank");
        }
        if (KeyText.utf8Length(trimmed) > IdempotencyKeys.MAX_KEY_LEN) {
            throw invalid(key, "longer than " + IdempotencyKeys.MAX_KEY_LEN + " bytes");
        }
        int first = trimmed.indexOf(':');
        int second = first < 0 ? -1 : trimmed.indexOf(':', first + 1);
        int third = second < 0 ? -1 : trimmed.indexOf(':', second + 1);
        if (third < 0 || trimmed.indexOf(':', third + 1) >= 0) {
            throw invalid(key, "not four ':'-separated parts");
        }
        if (!trimmed.startsWith(IdempotencyKeys.KEY_VERSION) || first != IdempotencyKeys.KEY_VERSION.length()) {
            throw invalid(key, "version is not " + IdempotencyKeys.KEY_VERSION);
        }
        String tenant = trimmed.substring(first + 1, second);
        if (tenant.isEmpty() || !tenant.equals(KeyText.normalizeTenant(tenant))) {
            throw invalid(key, "tenant is not normalised");
        }
        String scope = KeyText.normalizeScope(trimmed.substring(second + 1, third));
        String hash = trimmed.substring(third + 1);
        if (!isLowerHex(hash)) {
            throw invalid(key, "hash is not " + HASH_LEN + " lower-case hex digits");
        }
        return new KeyParts(IdempotencyKeys.KEY_VERSION, tenant, scope, hash);
    }

    private static boolean isLowerHex(String hash) {
        if (hash.length() != HASH_LEN) {
            return false;
        }
        for (int i = 0; i < HASH_LEN; i++) {
            char c = hash.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static InvalidKeyException invalid(String key, String why) {
        return new InvalidKeyException("invalid idempotency key \"" + KeyText.abbreviate(key) + "\": " + why);
    }
}
