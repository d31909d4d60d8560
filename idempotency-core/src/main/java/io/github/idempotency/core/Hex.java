package io.github.idempotency.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Lower-case hex of a hash, eight digits at a time: the nibbles of four bytes are spread into the
 * eight bytes of a {@code long} and turned into ASCII with a few additions instead of a table
 * lookup and bounds check per digit.
 */
final class Hex {

    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Hex() {}

    /** Writes {@code 2 * length} hex digits of {@code from[0..length)} at {@code to[at]}; length is a multiple of 4. */
    static void write(byte[] from, int length, byte[] to, int at) {
        for (int i = 0; i < length; i += 4) {
            LONGS.set(to, at + 2 * i, digits((int) INTS.get(from, i)));
        }
    }

    /** The eight hex digits of {@code value}, most significant first, as big-endian ASCII bytes. */
    static long digits(int value) {
        long n = value & 0xFFFFFFFFL;
        n = (n | (n << 16)) & 0x0000FFFF0000FFFFL;
        n = (n | (n << 8)) & 0x00FF00FF00FF00FFL;
        n = (n | (n << 4)) & 0x0F0F0F0F0F0F0F0FL;
        // 1 in each byte whose nibble is 10 or more: those skip from '9' + 1 to 'a'.
        long letters = ((n + 0x0606060606060606L) >>> 4) & 0x0101010101010101L;
        return n + 0x3030303030303030L + letters * ('a' - '9' - 1);
    }
}
