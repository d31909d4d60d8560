package io.github.idempotency.core;

/**
 * A key taken apart by {@link IdempotencyKeys#parseKey(String)}.
 *
 * @param version the key format version, {@code v1}
 * @param tenant the normalised tenant
 * @param scope the normalised scope
 * @param hash the lower-case hex SHA-256 of the canonical input
 */
public record KeyParts(String version, String tenant, String scope, String hash) {

    /**
     * Returns the key these parts form.
     *
     * @return {@code version:tenant:scope:hash}
     */
    public String toKey() {
        return version + ':' + tenant + ':' + scope + ':' + hash;
    }
}
