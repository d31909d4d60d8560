package io.github.idempotency.spring.web;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The rules for a well-formed {@code Idempotency-Key} header value. The draft defines it as an RFC
 * 8941 sf-string ({@code "8e03..."}); Stripe, Adyen and most clients send it bare ({@code 8e03...}).
 * Both are accepted and name the same key: a value that starts with a double quote is read as an
 * sf-string, any other value is the key as sent. Used by the servlet and the WebFlux filter alike.
 */
public final class IdempotencyKeyHeader {

    /** The longest header value accepted. */
    public static final int MAX_LENGTH = 255;

    private IdempotencyKeyHeader() {}

    /**
     * Returns why the header is malformed: sent more than once, empty or blank, over {@value
     * #MAX_LENGTH} characters, holding a character outside printable ASCII (0x20 to 0x7E), or starting
     * with a double quote without being a well-formed, non-empty sf-string.
     *
     * @return the reason, or {@code null} when it is well formed
     */
    public static @Nullable String malformation(List<String> values) {
        if (values.size() > 1) {
            return "is sent more than once";
        }
        String value = values.get(0);
        if (value.isBlank()) {
            return "is empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return "contains a character that is not printable ASCII at position " + i;
            }
        }
        String trimmed = value.strip();
        if (trimmed.startsWith("\"")) {
            String malformedString = sfStringMalformation(trimmed);
            if (malformedString != null) {
                return "is not a well-formed structured-field string (RFC 8941): " + malformedString;
            }
            if (trimmed.length() == 2) {
                return "is empty";
            }
        }
        return null;
    }

    /**
     * Returns the key a well-formed header value names: the content of an sf-string, unescaped, or a
     * bare value as sent. Call {@link #malformation(List)} first.
     */
    public static String key(String value) {
        String trimmed = value.strip();
        if (!trimmed.startsWith("\"")) {
            return value;
        }
        StringBuilder key = new StringBuilder(trimmed.length());
        for (int i = 1; i < trimmed.length() - 1; i++) {
            char c = trimmed.charAt(i);
            key.append(c == '\\' ? trimmed.charAt(++i) : c);
        }
        return key.toString();
    }

    /** RFC 8941 section 4.2.5: DQUOTE, printable ASCII with only {@code \"} and {@code \\} escaped, DQUOTE. */
    private static @Nullable String sfStringMalformation(String value) {
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                if (i + 1 >= value.length()) {
                    return "it ends inside an escape";
                }
                char escaped = value.charAt(++i);
                if (escaped != '"' && escaped != '\\') {
                    return "only \\\" and \\\\ may be escaped, not \\" + escaped;
                }
            } else if (c == '"') {
                return (i == value.length() - 1) ? null : "characters follow the closing quote";
            }
        }
        return "the closing quote is missing";
    }
}
