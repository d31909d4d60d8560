package io.github.idempotency.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idempotency.core.IdempotencyKeys;
import io.github.idempotency.core.InvalidKeyException;
import io.github.idempotency.core.InvalidScopeException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class CanonicalKeysTest {

    private static final String HASH = "cd65ea2c2ad99e94a85b1b6df72efef9cb2ed0ae933a60c32ce16317f7d7d6aa";

    @Test
    void takesTheFastPathOnlyForKeysThatValidationLeavesAsTheyAre() {
        for (int i = 0; i < 2_000; i++) {
            String key = randomKey();
            assertThat(CanonicalKeys.isCanonical(key)).isTrue();
            assertThat(IdempotencyKeys.parseKey(key).toKey()).isEqualTo(key);
        }
        String longest = "v1:" + "t".repeat(64) + ":" + "s".repeat(32) + ":" + HASH;
        assertThat(CanonicalKeys.isCanonical(longest)).isTrue();
        assertThat(IdempotencyKeys.parseKey(longest).toKey()).isEqualTo(longest);
    }

    @Test
    void canonicalisesOtherSpellingsThroughFullValidation() {
        String canonical = "v1:acme:payments:" + HASH;
        for (String spelled : List.of(" " + canonical, canonical + "\n", "v1:acme:PAYMENTS:" + HASH)) {
            assertThat(CanonicalKeys.isCanonical(spelled)).isFalse();
            assertThat(CanonicalKeys.of(spelled)).isEqualTo(canonical);
        }
    }

    @Test
    void rejectsInvalidKeysWhicheverPathTheyTake() {
        for (String invalid : List.of(
                "",
                "v1:acme:payments:" + HASH.toUpperCase(),
                "v1:ac.me:payments:" + HASH,
                "v1::payments:" + HASH,
                "v1:acme:payments:" + HASH + "0",
                "v2:acme:payments:" + HASH,
                "v1:acme:payments:" + HASH + ":x")) {
            assertThat(CanonicalKeys.isCanonical(invalid)).isFalse();
            assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> CanonicalKeys.of(invalid));
        }
        assertThatThrownBy(() -> CanonicalKeys.of(null)).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> CanonicalKeys.of("v1:acme:" + "s".repeat(33) + ":" + HASH))
                .isInstanceOfAny(InvalidKeyException.class, InvalidScopeException.class);
    }

    private static String randomKey() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789_-";
        StringBuilder tenant = new StringBuilder();
        for (int i = 1 + random.nextInt(64); i > 0; i--) {
            tenant.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        StringBuilder scope = new StringBuilder();
        for (int i = 1 + random.nextInt(32); i > 0; i--) {
            scope.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        byte[] hash = new byte[32];
        random.nextBytes(hash);
        return "v1:" + tenant + ":" + scope + ":" + HexFormat.of().formatHex(hash);
    }
}
