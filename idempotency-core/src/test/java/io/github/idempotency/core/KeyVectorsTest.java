package io.github.idempotency.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every vector produced by the Go reference must give the same answer here, byte for byte. */
class KeyVectorsTest {

    @TestFactory
    Stream<DynamicTest> validatesKeysLikeTheReference() {
        return KeyVectors.withOp("validate_key").stream()
                .map(v -> dynamicTest(v.name(), () -> {
                    if (v.error().isEmpty()) {
                        IdempotencyKeys.validateKey(v.key());
                        KeyParts parts = IdempotencyKeys.parseKey(v.key());
                        assertThat(parts.toKey())
                                .isEqualTo(KeyText.lowerCase(v.key().strip()));
                    } else {
                        assertThatThrownBy(() -> IdempotencyKeys.validateKey(v.key()))
                                .isExactlyInstanceOf(KeyVectors.errorClass(v.error()));
                        assertThatThrownBy(() -> IdempotencyKeys.parseKey(v.key()))
                                .isExactlyInstanceOf(KeyVectors.errorClass(v.error()));
                    }
                }));
    }
}
