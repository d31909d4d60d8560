package io.github.idempotency.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyFormatTest {

    private static final String HASH = "cd65ea2c2ad99e94a85b1b6df72efef9cb2ed0ae933a60c32ce16317f7d7d6aa";

    @Test
    void parsesIntoNormalisedParts() {
        KeyParts parts = IdempotencyKeys.parseKey(" v1:acme:Payments:" + HASH + "\n");

        assertThat(parts).isEqualTo(new KeyParts("v1", "acme", "payments", HASH));
        assertThat(parts.toKey()).isEqualTo("v1:acme:payments:" + HASH);
    }

    @Test
    void rejectsNullAndBlankKeys() {
        assertThatThrownBy(() -> IdempotencyKeys.validateKey(null)).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> IdempotencyKeys.validateKey(" \t ")).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void rejectsATenantThatNormalisationWouldChange() {
        assertThatThrownBy(() -> IdempotencyKeys.validateKey("v1:acme.corp:payments:" + HASH))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("tenant");
        assertThatThrownBy(() -> IdempotencyKeys.validateKey("v1:" + "a".repeat(65) + ":payments:" + HASH))
                .isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void rejectsAnExtraSeparator() {
        assertThatThrownBy(() -> IdempotencyKeys.validateKey("v1:acme:pay:ments:" + HASH))
                .isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void trimsLikeGoNotLikeJava() {
        // U+00A0 is a space to Go's TrimSpace but not to Java's strip().
        assertThat(IdempotencyKeys.parseKey("\u00a0v1:acme:payments:" + HASH + "\u3000")
                        .tenant())
                .isEqualTo("acme");
        // U+001F is whitespace to Java but not to Go.
        assertThatThrownBy(() -> IdempotencyKeys.validateKey("\u001fv1:acme:payments:" + HASH))
                .isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void acceptsAScopeThatLowerCasesToTheAlphabet() {
        // KELVIN SIGN lower-cases to 'k' per code point.
        assertThat(IdempotencyKeys.parseKey("v1:acme:\u212Aeys:" + HASH).scope())
                .isEqualTo("keys");
    }
}
