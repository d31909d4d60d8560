package io.github.idempotency.core.memory;

import io.github.idempotency.core.IdempotencyKeys;
import org.jspecify.annotations.Nullable;

/**
 * The form a key is stored under: trimmed, scope lower-cased, so that every spelling the key
 * validation accepts for one key names one record.
 */
final class CanonicalKeys {

    private static final int MAX_TENANT = IdempotencyKeys.MAX_TENANT_LEN;
    private static final int MAX_SCOPE = IdempotencyKeys.MAX_SCOPE_LEN;
    private static final int HASH_LENGTH = 64;
    private static final String PREFIX = IdempotencyKeys.KEY_VERSION + ':';

    // Character classes by table, not by comparisons: the branches of a range test mispredict on
    // random hex, which made the check cost more than the map update it guards.
    private static final byte NAME = 1;
    private static final byte HEX = 2;
    private static final byte[] CLASSES = new byte[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            CLASSES[c] = NAME;
        }
        for (char c = 'a'; c <= 'f'; c++) {
            CLASSES[c] = NAME | HEX;
        }
        for (char c = '0'; c <= '9'; c++) {
            CLASSES[c] = NAME | HEX;
        }
        CLASSES['_'] = NAME;
        CLASSES['-'] = NAME;
    }

    private CanonicalKeys() {}

    /**
     * Returns the canonical form of a key.
     *
     * @param key the key as a caller gave it
     * @return the canonical key
     * @throws io.github.idempotency.core.InvalidKeyException when the key is invalid (a scope that is
     *     too long may be reported as {@link io.github.idempotency.core.InvalidScopeException})
     */
    static String of(@Nullable String key) {
        if (key != null && isCanonical(key)) {
            return key;
        }
        return IdempotencyKeys.parseKey(key).toKey();
    }

    /**
     * Returns whether the key is valid and already canonical, without allocating: {@code v1:}, 1 to 64
     * characters of {@code [a-z0-9_-]}, {@code :}, 1 to 32 of the same, {@code :}, 64 lower-case hex.
     * Anything else, valid or not, takes the full validation.
     */
    static boolean isCanonical(String key) {
        if (!key.startsWith(PREFIX)) {
            return false;
        }
        int tenantEnd = endOfName(key, PREFIX.length(), MAX_TENANT);
        if (tenantEnd < 0) {
            return false;
        }
        int scopeEnd = endOfName(key, tenantEnd + 1, MAX_SCOPE);
        if (scopeEnd < 0 || key.length() - scopeEnd - 1 != HASH_LENGTH) {
            return false;
        }
        int hex = HEX;
        for (int i = scopeEnd + 1; i < key.length(); i++) {
            hex &= classOf(key.charAt(i));
        }
        return hex == HEX;
    }

    private static int classOf(char c) {
        return c < CLASSES.length ? CLASSES[c] : 0;
    }

    /** Returns the index of the colon ending a non-empty name of at most {@code max} characters, or -1. */
    private static int endOfName(String key, int start, int max) {
        int limit = Math.min(key.length(), start + max + 1);
        for (int i = start; i < limit; i++) {
            char c = key.charAt(i);
            if (c == ':') {
                return i > start ? i : -1;
            }
            if ((classOf(c) & NAME) == 0) {
                return -1;
            }
        }
        return -1;
    }
}
