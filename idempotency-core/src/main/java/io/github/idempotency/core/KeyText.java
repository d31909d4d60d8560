package io.github.idempotency.core;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Text rules shared by key building and key validation, matching the Go reference: Go's {@code
 * strings.TrimSpace}, per-code-point lower-casing and the tenant and scope alphabets.
 */
final class KeyText {

    private KeyText() {}

    /** Go's {@code unicode.IsSpace}; every such character is in the BMP. */
    static boolean isSpace(char c) {
        if (c < 0x80) {
            return c == ' ' || (c >= '\t' && c <= '\r');
        }
        return c == 0x85
                || c == 0xA0
                || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A)
                || c == 0x2028
                || c == 0x2029
                || c == 0x202F
                || c == 0x205F
                || c == 0x3000;
    }

    /** Go's {@code strings.TrimSpace}: Java's {@code strip} disagrees on a few characters. */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /**
     * Go's {@code strings.ToLower}: simple case mapping per code point, unlike {@code
     * String.toLowerCase}, which maps some letters to several characters.
     */
    static String lowerCase(String s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c >= 0x80 || (c >= 'A' && c <= 'Z')) {
                break;
            }
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder out = new StringBuilder(n).append(s, 0, i);
        while (i < n) {
            int cp = s.codePointAt(i);
            out.appendCodePoint(Character.toLowerCase(cp));
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** Trims and lower-cases, as the reference does to tenants, scopes and map keys. */
    static String fold(String s) {
        return isFolded(s) ? s : lowerCase(trim(s));
    }

    /**
     * Whether {@code s} is ASCII without upper-case letters or surrounding blanks, so that folding
     * leaves it as it is and {@link String#compareTo} orders it as UTF-8 bytes do.
     */
    static boolean isFolded(String s) {
        int n = s.length();
        if (n == 0 || s.charAt(0) <= ' ' || s.charAt(n - 1) <= ' ') {
            return n == 0;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || (c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }

    static boolean isNameChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /**
     * Trims, lower-cases, cuts to {@value IdempotencyKeys#MAX_TENANT_LEN} UTF-8 bytes (possibly inside
     * a character, whose bytes the filter then drops anyway) and keeps {@code [a-z0-9_-]}.
     */
    static String normalizeTenant(String tenant) {
        if (isNormalTenant(tenant)) {
            return tenant;
        }
        String folded = fold(tenant);
        @Nullable StringBuilder out = null;
        int bytes = 0;
        int i = 0;
        int n = folded.length();
        boolean unchanged = true;
        while (i < n && bytes < IdempotencyKeys.MAX_TENANT_LEN) {
            int cp = folded.codePointAt(i);
            bytes += utf8Length(cp);
            if (isNameChar(cp)) {
                if (!unchanged) {
                    out.append((char) cp);
                }
            } else if (unchanged) {
                unchanged = false;
                out = new StringBuilder(IdempotencyKeys.MAX_TENANT_LEN).append(folded, 0, i);
            }
            i += Character.charCount(cp);
        }
        String result;
        if (unchanged) {
            result = i == n ? folded : folded.substring(0, i);
        } else {
            result = out.toString();
        }
        return result.isEmpty() ? IdempotencyKeys.DEFAULT_TENANT : result;
    }

    private static boolean isNormalTenant(String tenant) {
        int n = tenant.length();
        if (n == 0 || n > IdempotencyKeys.MAX_TENANT_LEN) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!isNameChar(tenant.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Trims and lower-cases a scope and checks it is 1 to {@value IdempotencyKeys#MAX_SCOPE_LEN}
     * bytes of {@code [a-z0-9_-]}.
     */
    static String normalizeScope(String scope) {
        String folded = fold(scope);
        int n = folded.length();
        if (n == 0 || n > IdempotencyKeys.MAX_SCOPE_LEN) {
            throw new InvalidScopeException("scope must be 1 to " + IdempotencyKeys.MAX_SCOPE_LEN
                    + " characters of [a-z0-9_-], got \"" + abbreviate(scope) + "\"");
        }
        for (int i = 0; i < n; i++) {
            if (!isNameChar(folded.charAt(i))) {
                throw new InvalidScopeException(
                        "scope must contain only [a-z0-9_-] after trimming and lower-casing, got \"" + abbreviate(scope)
                                + "\"");
            }
        }
        return folded;
    }

    /** The UTF-8 length of a code point; a lone surrogate counts as the U+FFFD that replaces it. */
    static int utf8Length(int cp) {
        if (cp < 0x80) {
            return 1;
        }
        if (cp < 0x800) {
            return 2;
        }
        return cp < 0x10000 ? 3 : 4;
    }

    static int utf8Length(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }

    /** Keeps error messages short when the offending input is huge. */
    static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }
}
