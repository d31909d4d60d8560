package io.github.idempotency.benchmarks;

import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Valid keys that no store has seen, made before the measured code runs so that their cost is not
 * measured: {@code v1:bench:<scope>:<64 random hex>}, the shape of a built key.
 */
final class FreshKeys {

    private static final HexFormat HEX = HexFormat.of();

    private final String prefix;
    private final SplittableRandom random = new SplittableRandom();
    private final byte[] hash = new byte[32];

    FreshKeys(String scope) {
        this.prefix = "v1:bench:" + scope + ':';
    }

    /** Returns one new key. */
    String next() {
        for (int i = 0; i < hash.length; i += 8) {
            long bits = random.nextLong();
            for (int b = 0; b < 8; b++) {
                hash[i + b] = (byte) (bits >>> (8 * b));
            }
        }
        return prefix + HEX.formatHex(hash);
    }

    /** Fills the array with new keys. */
    void fill(String[] keys) {
        for (int i = 0; i < keys.length; i++) {
            keys[i] = next();
        }
    }

    /** A ring of pre-made keys that refuses to hand out a key twice. */
    static final class Ring {
        private final String[] keys;
        private int next;

        Ring(FreshKeys source, int size) {
            keys = new String[size];
            source.fill(keys);
        }

        String next() {
            if (next == keys.length) {
                // a second lap would replay instead of measuring the fresh path
                throw new IllegalStateException("all " + keys.length + " pre-made keys are used: make the ring larger");
            }
            return keys[next++];
        }
    }
}
