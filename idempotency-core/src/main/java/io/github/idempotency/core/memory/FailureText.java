package io.github.idempotency.core.memory;

import java.util.Objects;

/** The recorded failure's code and message: trimmed and cut to their limits in Unicode characters. */
final class FailureText {

    static final int MAX_CODE = 64;
    static final int MAX_MESSAGE = 512;

    private FailureText() {}

    /** Trims {@code text} and keeps its first {@code max} code points, never splitting a pair. */
    static String cut(String text, int max) {
        String trimmed = Objects.requireNonNull(text, "failure code and message must not be null")
                .trim();
        if (trimmed.length() <= max || trimmed.codePointCount(0, trimmed.length()) <= max) {
            return trimmed;
        }
        return trimmed.substring(0, trimmed.offsetByCodePoints(0, max));
    }
}
