package io.github.idempotency.spring.web;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The rules for a well-formed {@code Idempotency-Key} header value. */
final class IdempotencyKeyHeader {

    /** The longest header value accepted. */
    static final int MAX_LENGTH = 255;

    private IdempotencyKeyHeader() {}

    /**
     * Returns why the header is malformed: sent more than once, empty or blank, over {@value
     * #MAX_LENGTH} characters, or holding a character outside printable ASCII (0x20 to 0x7E).
     *
     * @return the reason, or {@code null} when it is well formed
     */
    static @Nullable String malformation(List<String> values) {
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
        return null;
    }
}
