package io.github.idempotency.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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

    @TestFactory
    Stream<DynamicTest> buildsTheReferenceKeyFromOrderedParts() {
        return KeyVectors.withOp("build_key").stream()
                .map(v -> dynamicTest(v.name(), () -> {
                    Object[] parts = ((List<?>) KeyVectors.value(v.input())).toArray();
                    if (v.error().isEmpty()) {
                        assertThat(IdempotencyKeys.buildKey(v.tenant(), v.scope(), parts))
                                .as(v.name())
                                .isEqualTo(v.key());
                        if (!v.canonical().isEmpty()) {
                            assertThat(new String(KeyBuilder.canonical(parts), StandardCharsets.UTF_8))
                                    .isEqualTo(v.canonical());
                        }
                    } else {
                        assertThatThrownBy(() -> IdempotencyKeys.buildKey(v.tenant(), v.scope(), parts))
                                .isExactlyInstanceOf(KeyVectors.errorClass(v.error()));
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> buildsTheReferenceKeyFromNamedInputs() {
        return KeyVectors.withOp("build_key_from_map").stream()
                .map(v -> dynamicTest(v.name(), () -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> inputs = (Map<String, Object>) KeyVectors.value(v.input());
                    if (v.error().isEmpty()) {
                        assertThat(IdempotencyKeys.buildKeyFromMap(v.tenant(), v.scope(), inputs))
                                .as(v.name())
                                .isEqualTo(v.key());
                    } else {
                        assertThatThrownBy(() -> IdempotencyKeys.buildKeyFromMap(v.tenant(), v.scope(), inputs))
                                .isExactlyInstanceOf(KeyVectors.errorClass(v.error()));
                    }
                }));
    }
}
