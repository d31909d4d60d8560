package io.github.idempotency.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HexTest {

    @Test
    void writesTheSameDigitsAsHexFormat() {
        SplittableRandom random = new SplittableRandom(7);
        byte[] hash = new byte[32];
        byte[] out = new byte[66];
        for (int round = 0; round < 1000; round++) {
            random.nextBytes(hash);
            Hex.write(hash, hash.length, out, 2);
            assertThat(new String(out, 2, 64, StandardCharsets.US_ASCII))
                    .isEqualTo(HexFormat.of().formatHex(hash));
        }
    }

    @Test
    void coversEveryNibble() {
        assertThat(Hex.digits(0x0123abcd)).isEqualTo(bigEndian("0123abcd"));
        assertThat(Hex.digits(0xfedc9876)).isEqualTo(bigEndian("fedc9876"));
        assertThat(Hex.digits(0x5a5a5aff)).isEqualTo(bigEndian("5a5a5aff"));
    }

    private static long bigEndian(String ascii) {
        long value = 0;
        for (byte b : ascii.getBytes(StandardCharsets.US_ASCII)) {
            value = (value << 8) | b;
        }
        return value;
    }
}
