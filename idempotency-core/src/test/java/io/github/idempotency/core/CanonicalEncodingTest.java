package io.github.idempotency.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalEncodingTest {

    private static String canonical(Object... parts) {
        return new String(KeyBuilder.canonical(parts), StandardCharsets.UTF_8);
    }

    @Test
    void escapesStringsLikeGo() {
        assertThat(canonical("\b\f\u007f\u0001")).isEqualTo("[\"\\b\\f\u007f\\u0001\"]");
        assertThat(canonical("a\uD800b", "\uDC00")).isEqualTo("[\"a\uFFFDb\",\"\uFFFD\"]");
        assertThat(canonical("<&>\u2029")).isEqualTo("[\"\\u003c\\u0026\\u003e\\u2029\"]");
    }

    @Test
    void sortsMapKeysByUtf8BytesNotUtf16Units() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("\uD83D\uDE00", 1);
        map.put("\uFFFD", 2);
        map.put("a", 3);
        assertThat(canonical(map)).isEqualTo("[{\"a\":3,\"\uFFFD\":2,\"\uD83D\uDE00\":1}]");
    }

    @Test
    void foldsKeysPerCodePointAndDropsEmptyOnes() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("\u0130D", 1);
        map.put("  ", 2);
        map.put("", 3);
        assertThat(canonical(map)).isEqualTo("[{\"id\":1}]");
    }

    @Test
    void keysWithEqualHashCodesKeepTheirOwnNames() {
        // "Aa" and "BB" share a hash code, so they compete for one remembered name.
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        for (int i = 0; i < 3; i++) {
            assertThat(canonical(Map.of("Aa", 1), Map.of("BB", 2))).isEqualTo("[{\"aa\":1},{\"bb\":2}]");
        }
    }

    @Test
    void anEncodingFailureLeavesTheNextKeyUnaffected() {
        Map<String, Object> bad = Map.of("x", List.of(new Object()));
        assertThatThrownBy(() -> IdempotencyKeys.buildKeyFromMap("t", "s", bad))
                .isInstanceOf(InvalidInputException.class);
        assertThat(IdempotencyKeys.buildKeyFromMap("t", "s", Map.of("b", 2, "a", 1)))
                .isEqualTo(IdempotencyKeys.buildKey("t", "s", "a", 1, "b", 2));
    }

    @Test
    void anInputOfExactlyTheLimitIsAccepted() {
        // ["xxx..."] : two brackets and two quotes around the string.
        String fits = "x".repeat(IdempotencyKeys.MAX_BYTES - 4);
        assertThat(IdempotencyKeys.buildKey("t", "s", fits)).startsWith("v1:t:s:");
        assertThatThrownBy(() -> IdempotencyKeys.buildKey("t", "s", fits + "x"))
                .isInstanceOf(InputTooBigException.class);
    }

    @Test
    void refusesMoreThan32PartsAndAnInvalidScopeFirst() {
        assertThatThrownBy(() -> IdempotencyKeys.buildKey("t", "s", new Object[33]))
                .isInstanceOf(InputTooBigException.class);
        assertThatThrownBy(() -> IdempotencyKeys.buildKey("t", "bad scope", new Object[33]))
                .isInstanceOf(InvalidScopeException.class);
        assertThatThrownBy(() -> IdempotencyKeys.buildKey("t", null, "x")).isInstanceOf(InvalidScopeException.class);
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        Object nested = "leaf";
        for (int i = 0; i < CanonicalEncoder.MAX_DEPTH + 1; i++) {
            nested = List.of(nested);
        }
        Object tooDeep = nested;
        assertThatThrownBy(() -> canonical(tooDeep))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nested deeper");
    }
}
