package io.github.idempotency.core;

import java.util.Arrays;

/**
 * The canonical bytes of a key's input, written straight as UTF-8 into one growing array that
 * never holds more than {@link IdempotencyKeys#MAX_BYTES}: input that would need more is refused
 * as soon as it gets there, without encoding the rest.
 */
final class CanonicalBuffer {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** For each ASCII character: 0 when written as is, else the letter after the backslash. */
    private static final byte[] ESCAPE = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPE[c] = 'u';
        }
        ESCAPE['"'] = '"';
        ESCAPE['\\'] = '\\';
        ESCAPE['\n'] = 'n';
        ESCAPE['\r'] = 'r';
        ESCAPE['\t'] = 't';
        ESCAPE['\b'] = 'b';
        ESCAPE['\f'] = 'f';
        // Go's encoding/json escapes these so the output is safe inside HTML.
        ESCAPE['<'] = 'u';
        ESCAPE['>'] = 'u';
        ESCAPE['&'] = 'u';
    }

    private static final int INITIAL_SIZE = 256;
    private static final int RETAINED_SIZE = 4096;

    private byte[] bytes = new byte[INITIAL_SIZE];
    private int length;

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    void reset() {
        length = 0;
    }

    /** Empties the buffer and lets go of the room a large input made it grow to. */
    void release() {
        length = 0;
        if (bytes.length > RETAINED_SIZE) {
            bytes = new byte[INITIAL_SIZE];
        }
    }

    /** Moves the end back, dropping what was written after {@code newLength}. */
    void truncate(int newLength) {
        length = newLength;
    }

    private void ensure(int more) {
        int needed = length + more;
        if (needed > bytes.length) {
            grow(needed);
        }
    }

    private void grow(int needed) {
        if (needed > IdempotencyKeys.MAX_BYTES) {
            throw new InputTooBigException(
                    "key input encodes to more than " + IdempotencyKeys.MAX_BYTES + " canonical bytes");
        }
        bytes = Arrays.copyOf(bytes, Math.min(Math.max(bytes.length * 2, needed), IdempotencyKeys.MAX_BYTES));
    }

    void write(int b) {
        if (length == bytes.length) {
            grow(length + 1);
        }
        bytes[length++] = (byte) b;
    }

    /**
     * Writes an encoded name whose last byte is a spare slot, filled here with the separator that
     * follows the name.
     */
    void writeName(byte[] encodedName, char separator) {
        int n = encodedName.length;
        ensure(n);
        byte[] out = bytes;
        int pos = length;
        for (int i = 0; i < n - 1; i++) {
            out[pos + i] = encodedName[i];
        }
        out[pos + n - 1] = (byte) separator;
        length = pos + n;
    }

    void write(byte[] src, int from, int count) {
        ensure(count);
        System.arraycopy(src, from, bytes, length, count);
        length += count;
    }

    /** Writes text known to be ASCII. */
    void writeAscii(String ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) ascii.charAt(i);
        }
    }

    void writeLong(long value) {
        if (value == Long.MIN_VALUE) {
            writeAscii("-9223372036854775808");
            return;
        }
        ensure(20);
        if (value < 0) {
            bytes[length++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        int end = length + digits;
        for (int i = end - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length = end;
    }

    /** Writes bytes as a JSON string of lower-case hex, as the reference does for {@code []byte}. */
    void writeHexString(byte[] data) {
        ensure(2 + 2 * data.length);
        bytes[length++] = '"';
        for (byte b : data) {
            bytes[length++] = HEX[(b >> 4) & 0xF];
            bytes[length++] = HEX[b & 0xF];
        }
        bytes[length++] = '"';
    }

    /** Writes a JSON string exactly as Go's {@code encoding/json} does, HTML escaping included. */
    void writeString(String s) {
        int n = s.length();
        ensure(n + 2);
        byte[] out = bytes;
        int pos = length;
        out[pos++] = '"';
        // Plain ASCII needs one byte per character, and room for that is already there.
        int i = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || ESCAPE[c] != 0) {
                break;
            }
            out[pos++] = (byte) c;
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte escape = ESCAPE[c];
                if (escape == 0) {
                    if (pos == out.length) {
                        out = room(pos, 1);
                    }
                    out[pos++] = (byte) c;
                    continue;
                }
                int size = escape == 'u' ? 6 : 2;
                if (out.length - pos < size) {
                    out = room(pos, size);
                }
                out[pos++] = '\\';
                out[pos++] = escape;
                if (escape == 'u') {
                    out[pos++] = '0';
                    out[pos++] = '0';
                    out[pos++] = HEX[c >> 4];
                    out[pos++] = HEX[c & 0xF];
                }
            } else if (c < 0x800) {
                if (out.length - pos < 2) {
                    out = room(pos, 2);
                }
                out[pos++] = (byte) (0xC0 | (c >> 6));
                out[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (c == 0x2028 || c == 0x2029) {
                if (out.length - pos < 6) {
                    out = room(pos, 6);
                }
                out[pos++] = '\\';
                out[pos++] = 'u';
                out[pos++] = '2';
                out[pos++] = '0';
                out[pos++] = '2';
                out[pos++] = (byte) (c == 0x2028 ? '8' : '9');
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                if (out.length - pos < 4) {
                    out = room(pos, 4);
                }
                out[pos++] = (byte) (0xF0 | (cp >> 18));
                out[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[pos++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                // A lone surrogate has no UTF-8 form; Go writes U+FFFD for invalid text.
                int cp = Character.isSurrogate(c) ? 0xFFFD : c;
                if (out.length - pos < 3) {
                    out = room(pos, 3);
                }
                out[pos++] = (byte) (0xE0 | (cp >> 12));
                out[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[pos++] = (byte) (0x80 | (cp & 0x3F));
            }
        }
        if (pos == out.length) {
            out = room(pos, 1);
        }
        out[pos++] = '"';
        length = pos;
    }

    private byte[] room(int pos, int more) {
        length = pos;
        grow(pos + more);
        return bytes;
    }
}
