package io.github.idempotency.core;

import java.util.Comparator;

/**
 * Orders strings by their UTF-8 bytes, as Go sorts map keys: code point order, which differs from
 * {@link String#compareTo} where a supplementary character meets U+E000..U+FFFF.
 */
final class Utf8Order implements Comparator<String> {

    static final Utf8Order INSTANCE = new Utf8Order();

    private Utf8Order() {}

    @Override
    public int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= Character.MIN_SURROGATE && y >= Character.MIN_SURROGATE) {
                    return rank(x) - rank(y);
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    /** Moves surrogates above U+E000..U+FFFF, so that UTF-16 order becomes code point order. */
    private static int rank(char c) {
        return Character.isSurrogate(c) ? c + 0x2000 : c - 0x800;
    }
}
