package io.github.idempotency.spring;

import java.util.Locale;
import java.util.Set;

/**
 * Headers that carry credentials. Neither the {@code @Idempotent} aspect (for a {@code
 * ResponseEntity}) nor the {@code Idempotency-Key} filter stores or replays them, whatever the
 * configuration says: one caller's cookie or credentials must never reach another.
 */
public final class CredentialHeaders {

    /** The header names, in lower case. */
    public static final Set<String> NAMES = Set.of(
            "set-cookie",
            "set-cookie2",
            "cookie",
            "authorization",
            "proxy-authorization",
            "www-authenticate",
            "proxy-authenticate");

    private CredentialHeaders() {}

    /**
     * Returns whether a header carries credentials, ignoring case.
     *
     * @param name the header name
     * @return {@code true} when it must never be stored
     */
    public static boolean contains(String name) {
        return NAMES.contains(name.toLowerCase(Locale.ROOT));
    }
}
