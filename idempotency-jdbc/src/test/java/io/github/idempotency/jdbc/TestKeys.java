package io.github.idempotency.jdbc;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random valid keys, so tests sharing a table never meet. */
final class TestKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {}

    static String randomKey() {
        byte[] hash = new byte[32];
        RANDOM.nextBytes(hash);
        return "v1:local:jdbc-test:" + HexFormat.of().formatHex(hash);
    }
}
