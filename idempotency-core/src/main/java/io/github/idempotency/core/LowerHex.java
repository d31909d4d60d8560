package io.github.idempotency.core;

import java.nio.charset.StandardCharsets;

/**
 * Lower-case hex on the hot path: {@link java.util.HexFormat} goes through a {@code StringBuilder}
 * and costs several times as much for the 16 and 32 bytes of tokens and hashes.
 */
final class LowerHex {

    // Both digits of every byte value, looked up at once instead of computed nibble by nibble.
    private static final byte[] HIGH = new byte[256];
    private static final byte[] LOW = new byte[256];

    static {
        byte[] digits = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        for (int b = 0; b < 256; b++) {
            HIGH[b] = digits[b >>> 4];
            LOW[b] = digits[b & 0xF];
        }
    }

    private LowerHex() {}

    static String format(byte[] bytes, int from, int to) {
        byte[] text = new byte[(to - from) * 2];
        for (int i = from, j = 0; i < to; i++, j += 2) {
            int b = bytes[i] & 0xFF;
            text[j] = HIGH[b];
            text[j + 1] = LOW[b];
        }
        return new String(text, StandardCharsets.ISO_8859_1);
    }
}
