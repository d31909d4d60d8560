package io.github.idempotency.core;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Deterministic idempotency keys, byte-compatible with the Go reference:
 * {@code v1:<tenant>:<scope>:<sha256 lower-case hex of the canonical encoding of the parts>}.
 */
public final class IdempotencyKeys {

    /** The key format version. */
    public static final String KEY_VERSION = "v1";
    /** The longest tenant, in UTF-8 bytes, after normalisation. */
    public static final int MAX_TENANT_LEN = 64;
    /** The longest scope, in bytes. */
    public static final int MAX_SCOPE_LEN = 32;
    /** The longest key {@link #validateKey} accepts, in UTF-8 bytes. */
    public static final int MAX_KEY_LEN = 256;
    /** The most parts a key may be built from. */
    public static final int MAX_PARTS = 32;
    /** The most canonical bytes a key may be built from (32 KiB). */
    public static final int MAX_BYTES = 32 * 1024;
    /** The tenant used when none is given, or normalisation leaves nothing. */
    public static final String DEFAULT_TENANT = "local";

    /** What {@code buildKey(t, s, (Object[]) null)} means: one {@code null} part, as in Go. */
    private static final @Nullable Object[] NULL_PART = {null};

    private IdempotencyKeys() {}

    private static String requireScope(@Nullable String scope) {
        if (scope == null) {
            throw new InvalidScopeException("scope must not be null");
        }
        return scope;
    }

    /**
     * Builds a key from ordered parts: the SHA-256 of their canonical encoding, which for strings,
     * booleans, integers, doubles, {@code byte[]}, lists and maps is byte for byte the Go
     * reference's. Other Java types get the deterministic encodings listed in {@code docs/KEYS.md}.
     * No parts and a {@code null} parts array (one {@code null} part) give different keys.
     *
     * @param tenant the tenant; normalised (trimmed, lower-cased, cut to 64 bytes, filtered); {@code
     *     null} or empty means {@link #DEFAULT_TENANT}
     * @param scope the operation's scope, 1 to 32 bytes of {@code [a-z0-9_-]} after trimming and
     *     lower-casing
     * @param parts the values that identify the operation
     * @return the key
     * @throws InvalidScopeException for a {@code null} or invalid scope
     * @throws InputTooBigException for more than {@link #MAX_PARTS} parts or over {@link #MAX_BYTES}
     *     canonical bytes
     * @throws InvalidInputException for a value with no deterministic encoding, a cycle, nesting
     *     deeper than 256 levels, or map keys that normalise to the same text
     */
    public static String buildKey(@Nullable String tenant, String scope, @Nullable Object... parts) {
        return KeyBuilder.buildKey(
                tenant == null ? "" : tenant, requireScope(scope), parts == null ? NULL_PART : parts);
    }

    /**
     * Builds a key from named inputs: the entries, sorted by normalised name, become the parts
     * {@code k1, v1, k2, v2, ...}. A {@code null} map is the single part {@code null}; an empty map
     * is no parts.
     *
     * @param tenant the tenant, as for {@link #buildKey}
     * @param scope the scope, as for {@link #buildKey}
     * @param inputs the named inputs; names are trimmed and lower-cased, empty names dropped
     * @return the key
     * @throws InvalidScopeException for a {@code null} or invalid scope
     * @throws InputTooBigException for more than 16 named inputs (32 parts) or over {@link
     *     #MAX_BYTES} canonical bytes
     * @throws InvalidInputException when two names normalise to the same text, or a value has no
     *     deterministic encoding
     */
    public static String buildKeyFromMap(
            @Nullable String tenant, String scope, @Nullable Map<String, ? extends @Nullable Object> inputs) {
        String nonNullTenant = tenant == null ? "" : tenant;
        if (inputs == null) {
            return KeyBuilder.buildKey(nonNullTenant, requireScope(scope), NULL_PART);
        }
        return KeyBuilder.buildKeyFromMap(nonNullTenant, requireScope(scope), inputs);
    }

    /**
     * Checks a key's format exactly as the Go reference does: surrounding blanks are ignored, the
     * tenant must already be normalised, the scope may be in any case.
     *
     * @param key the key to check
     * @throws InvalidKeyException when it is {@code null}, blank, over {@link #MAX_KEY_LEN} bytes, or
     *     not {@code v1:<normalised tenant>:<scope>:<64 lower-case hex>}
     * @throws InvalidScopeException when only its scope is invalid
     */
    public static void validateKey(@Nullable String key) {
        KeyFormat.parse(key);
    }

    /**
     * Takes a valid key apart; {@link KeyParts#toKey()} gives the key's canonical form (trimmed,
     * scope lower-cased), which stores use as the record key.
     *
     * @param key the key
     * @return its version, tenant, normalised scope and hash
     * @throws InvalidKeyException when it is not a valid key, as for {@link #validateKey}
     * @throws InvalidScopeException when only its scope is invalid
     */
    public static KeyParts parseKey(@Nullable String key) {
        return KeyFormat.parse(key);
    }

    /**
     * Normalises a tenant as key building does.
     *
     * @param tenant the raw tenant, possibly {@code null}
     * @return the normalised tenant, never empty
     */
    public static String normalizeTenant(@Nullable String tenant) {
        return tenant == null ? DEFAULT_TENANT : KeyText.normalizeTenant(tenant);
    }

    /**
     * The tenant to build keys with so that distinct raw tenants never share keys, however
     * normalisation treats them: {@code null} and a tenant that normalisation leaves as it is (1 to
     * 64 bytes of {@code [a-z0-9_-]}) are returned as they are, so their keys are the Go reference's;
     * any other tenant ({@code ACME}, {@code acme.corp}, {@code té}, 65 bytes, non-ASCII letters,
     * {@code ""}) becomes its normal form cut to 31 bytes, a dash and the first 32 hex digits of the
     * SHA-256 of its UTF-8 bytes ({@code ACME} → {@code acme-<32 hex>}), itself a normal tenant.
     *
     * @param tenant the raw tenant, possibly {@code null} (the default tenant)
     * @return the key tenant; {@code null} stays {@code null}
     */
    public static @Nullable String distinctTenant(@Nullable String tenant) {
        return tenant == null ? null : DistinctTenants.of(tenant);
    }

    /**
     * Strict tenant mode: returns the tenant unchanged when normalisation would leave it as it is,
     * so that {@code acme.corp} and {@code acmecorp} can never share keys.
     *
     * @param tenant the tenant; {@code null} means {@link #DEFAULT_TENANT}
     * @return the tenant
     * @throws InvalidTenantException when normalisation would change it
     */
    public static String strictTenant(@Nullable String tenant) {
        if (tenant == null) {
            return DEFAULT_TENANT;
        }
        if (!tenant.equals(KeyText.normalizeTenant(tenant))) {
            throw new InvalidTenantException("tenant \"" + KeyText.abbreviate(tenant)
                    + "\" is not 1 to " + MAX_TENANT_LEN + " characters of [a-z0-9_-]; normalisation would make it \""
                    + KeyText.normalizeTenant(tenant) + "\"");
        }
        return tenant;
    }
}
