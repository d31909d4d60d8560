package io.github.idempotency.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TenantNormalisationTest {

    @Test
    void nullOrEmptyTenantIsLocal() {
        assertThat(IdempotencyKeys.normalizeTenant(null)).isEqualTo("local");
        assertThat(IdempotencyKeys.normalizeTenant("  ")).isEqualTo("local");
        assertThat(IdempotencyKeys.normalizeTenant("...")).isEqualTo("local");
    }

    @Test
    void trimsLowerCasesAndFilters() {
        assertThat(IdempotencyKeys.normalizeTenant("  Acme.Corp ")).isEqualTo("acmecorp");
        assertThat(IdempotencyKeys.normalizeTenant("a_b-c")).isEqualTo("a_b-c");
    }

    @Test
    void cutsAt64Utf8BytesBeforeFiltering() {
        assertThat(IdempotencyKeys.normalizeTenant("é".repeat(32) + "ab")).isEqualTo("local");
        assertThat(IdempotencyKeys.normalizeTenant("a".repeat(63) + "éb")).isEqualTo("a".repeat(63));
        assertThat(IdempotencyKeys.normalizeTenant("t".repeat(70))).isEqualTo("t".repeat(64));
    }

    @Test
    void lowerCasesPerCodePoint() {
        // String.toLowerCase turns U+0130 into two characters; Go and Character.toLowerCase give 'i'.
        assertThat(IdempotencyKeys.normalizeTenant("\u0130d")).isEqualTo("id");
    }

    @Test
    void strictTenantAcceptsOnlyNormalisedTenants() {
        assertThat(IdempotencyKeys.strictTenant("acme-1")).isEqualTo("acme-1");
        assertThat(IdempotencyKeys.strictTenant(null)).isEqualTo("local");
        assertThatThrownBy(() -> IdempotencyKeys.strictTenant("acme.corp"))
                .isInstanceOf(InvalidTenantException.class)
                .hasMessageContaining("acmecorp");
        assertThatThrownBy(() -> IdempotencyKeys.strictTenant("Acme")).isInstanceOf(InvalidTenantException.class);
        assertThatThrownBy(() -> IdempotencyKeys.strictTenant("")).isInstanceOf(InvalidTenantException.class);
    }
}
