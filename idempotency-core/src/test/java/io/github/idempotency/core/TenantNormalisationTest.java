package io.github.idempotency.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "acme | ACME",
                "acmecorp | acme.corp",
                "t | té",
                "local | 日本",
                "local | ''",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                        + " | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"
            })
    void distinctRawTenantsNeverShareAKeyTenant(String first, String second) {
        String a = IdempotencyKeys.distinctTenant(first);
        String b = IdempotencyKeys.distinctTenant(second);
        assertThat(a).isNotEqualTo(b);
        assertThat(IdempotencyKeys.buildKey(a, "orders", "o-1"))
                .isNotEqualTo(IdempotencyKeys.buildKey(b, "orders", "o-1"));
        // either is a tenant the Go reference accepts as it is
        assertThat(IdempotencyKeys.normalizeTenant(a)).isEqualTo(a);
        assertThat(IdempotencyKeys.normalizeTenant(b)).isEqualTo(b);
    }

    @Test
    void distinctTenantKeepsNormalTenantsAndTheDefaultAsTheyAre() {
        assertThat(IdempotencyKeys.distinctTenant("acme-1")).isEqualTo("acme-1");
        assertThat(IdempotencyKeys.distinctTenant(null)).isNull();
        assertThat(IdempotencyKeys.distinctTenant("t".repeat(64))).isEqualTo("t".repeat(64));
    }

    @Test
    void distinctTenantOfAChangedTenantIsItsNormalFormAndAHashOfTheRawBytes() {
        assertThat(IdempotencyKeys.distinctTenant("ACME"))
                .matches("acme-[0-9a-f]{32}")
                .isEqualTo(IdempotencyKeys.distinctTenant("ACME"))
                .isNotEqualTo(IdempotencyKeys.distinctTenant("Acme"));
        assertThat(IdempotencyKeys.distinctTenant("é".repeat(40))).matches("local-[0-9a-f]{32}");
        assertThat(IdempotencyKeys.distinctTenant("x".repeat(100))).matches("x{31}-[0-9a-f]{32}");
    }
}
