package io.github.idempotency.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JavaTypeEncodingTest {

    private static String canonical(Object value) {
        return new String(KeyBuilder.canonical(new Object[] {value}), StandardCharsets.UTF_8);
    }

    record Order(String id, long amount, Currency currency) {}

    record OrderReordered(Currency currency, long amount, String id) {}

    enum Currency {
        EUR,
        USD {
            @Override
            public String toString() {
                return "dollar";
            }
        }
    }

    public static class Customer {
        private final String name;
        private final boolean vip;

        Customer(String name, boolean vip) {
            this.name = name;
            this.vip = vip;
        }

        public String getName() {
            return name;
        }

        public boolean isVip() {
            return vip;
        }
    }

    record Clashing(String id, String ID) {}

    public static class NoGetters {}

    @Test
    void recordsEncodeAsMapsOfTheirComponents() {
        assertThat(canonical(new Order("o-1", 42, Currency.EUR)))
                .isEqualTo("[{\"amount\":42,\"currency\":\"EUR\",\"id\":\"o-1\"}]");
    }

    @Test
    void componentOrderDoesNotMatter() {
        assertThat(IdempotencyKeys.buildKey("t", "s", new Order("o-1", 42, Currency.EUR)))
                .isEqualTo(IdempotencyKeys.buildKey("t", "s", new OrderReordered(Currency.EUR, 42, "o-1")))
                .isEqualTo(IdempotencyKeys.buildKey("t", "s", Map.of("id", "o-1", "amount", 42L, "currency", "EUR")));
    }

    @Test
    void beansEncodeAsMapsOfTheirGetters() {
        assertThat(canonical(new Customer("Ann", true))).isEqualTo("[{\"name\":\"Ann\",\"vip\":true}]");
    }

    @Test
    void enumsEncodeByNameNotToString() {
        assertThat(canonical(Currency.USD)).isEqualTo("[\"USD\"]");
    }

    @Test
    void javaTimeEncodesAsIsoText() {
        Instant instant = Instant.parse("2024-05-01T10:15:30.5Z");
        assertThat(canonical(instant)).isEqualTo("[\"2024-05-01T10:15:30.500Z\"]");
        assertThat(canonical(LocalDate.of(2024, 5, 1))).isEqualTo("[\"2024-05-01\"]");
        assertThat(canonical(LocalDateTime.of(2024, 5, 1, 10, 15))).isEqualTo("[\"2024-05-01T10:15\"]");
        assertThat(canonical(Duration.ofMinutes(90))).isEqualTo("[\"PT1H30M\"]");
        assertThat(canonical(ZoneId.of("Europe/Paris"))).isEqualTo("[\"Europe/Paris\"]");
    }

    @Test
    void offsetAndZonedTimesEncodeAsTheirInstant() {
        OffsetDateTime paris = OffsetDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2));
        ZonedDateTime tokyo = paris.atZoneSameInstant(ZoneId.of("Asia/Tokyo"));
        assertThat(canonical(paris)).isEqualTo("[\"2024-05-01T10:00:00Z\"]");
        assertThat(canonical(tokyo)).isEqualTo(canonical(paris));
    }

    @Test
    void uuidsEncodeAsLowerCaseText() {
        UUID id = UUID.fromString("123E4567-E89B-12D3-A456-426614174000");
        assertThat(canonical(id)).isEqualTo("[\"123e4567-e89b-12d3-a456-426614174000\"]");
    }

    @Test
    void optionalsEncodeAsTheirValueOrNull() {
        assertThat(canonical(Optional.empty())).isEqualTo("[null]");
        assertThat(canonical(Optional.of("x"))).isEqualTo("[\"x\"]");
        assertThat(canonical(OptionalInt.of(3))).isEqualTo("[3]");
    }

    @Test
    void numericallyEqualDecimalsEncodeAlike() {
        assertThat(canonical(new BigDecimal("12.50"))).isEqualTo("[12.5]").isEqualTo(canonical(12.5));
        assertThat(canonical(new BigDecimal("7.000"))).isEqualTo("[7]").isEqualTo(canonical(7L));
        assertThat(canonical(new BigDecimal("1E+3"))).isEqualTo("[1000]");
        assertThat(canonical(new BigDecimal("-0.00001"))).isEqualTo("[-1e-05]");
        assertThat(canonical(new BigDecimal("0.000"))).isEqualTo("[0]");
        assertThatThrownBy(() -> canonical(new BigDecimal("1E+100000"))).isInstanceOf(InputTooBigException.class);
    }

    @Test
    void integersOfEveryWidthEncodeInDecimal() {
        assertThat(canonical(List.of((byte) -1, (short) 2, 3, 4L, BigInteger.TEN.pow(20))))
                .isEqualTo("[[-1,2,3,4,100000000000000000000]]");
    }

    @Test
    void floatsUseTheirOwnShortestDigits() {
        assertThat(canonical(0.1f)).isEqualTo("[0.1]");
        assertThat(canonical((double) 0.1f)).isEqualTo("[0.10000000149011612]");
    }

    @Test
    void charactersAndCharSequencesEncodeAsStrings() {
        assertThat(canonical('x')).isEqualTo("[\"x\"]");
        assertThat(canonical(new StringBuilder("ab"))).isEqualTo("[\"ab\"]");
    }

    @Test
    void setsEncodeInTheOrderOfTheirEncodedBytes() {
        Set<Object> one = new LinkedHashSet<>(List.of("b", 10, "a", 2));
        Set<Object> other = new HashSet<>(List.of(2, "a", 10, "b"));
        assertThat(canonical(one)).isEqualTo("[[\"a\",\"b\",10,2]]").isEqualTo(canonical(other));
    }

    @Test
    void arraysAndCollectionsEncodeAsLists() {
        assertThat(canonical(new int[] {1, 2})).isEqualTo("[[1,2]]");
        assertThat(canonical(new double[] {1.5})).isEqualTo("[[1.5]]");
        assertThat(canonical(new boolean[] {true})).isEqualTo("[[true]]");
        assertThat(canonical(new char[] {'a'})).isEqualTo("[[\"a\"]]");
        assertThat(canonical(new String[] {"a", null})).isEqualTo("[[\"a\",null]]");
        assertThat(canonical(new java.util.ArrayDeque<>(List.of(1, 2)))).isEqualTo("[[1,2]]");
        assertThat(canonical(new byte[] {0, -1})).isEqualTo("[\"00ff\"]");
    }

    @Test
    void mapsWithNonStringKeysUseTheKeysText() {
        Map<Object, Object> map = new TreeMap<>(Map.of(10, "ten", 9, "nine"));
        assertThat(canonical(map)).isEqualTo("[{\"10\":\"ten\",\"9\":\"nine\"}]");
        assertThat(canonical(Map.of(Currency.EUR, 1))).isEqualTo("[{\"eur\":1}]");
        assertThatThrownBy(() -> canonical(Map.of(List.of(1), 1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("map keys of type");
    }

    @Test
    void mapKeysUseTheirRealValueAndMayNotCollide() {
        assertThat(canonical(Map.of(" OrderId ", 7))).isEqualTo("[{\"orderid\":7}]");
        Map<String, Object> clash = new LinkedHashMap<>();
        clash.put("OrderId", 7);
        clash.put("orderid", 8);
        assertThatThrownBy(() -> IdempotencyKeys.buildKeyFromMap("t", "s", clash))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("\"OrderId\" and \"orderid\"");
        assertThatThrownBy(() -> canonical(Map.of("inner", clash))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void recordComponentsThatFoldTogetherAreRefused() {
        assertThatThrownBy(() -> canonical(new Clashing("a", "b")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("same lower-case name");
    }

    @Test
    void cyclesAreRefused() {
        List<Object> list = new ArrayList<>();
        list.add(list);
        assertThatThrownBy(() -> canonical(list))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("contains itself");
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("self", map);
        assertThatThrownBy(() -> IdempotencyKeys.buildKeyFromMap("t", "s", map))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void sharedButAcyclicValuesAreFine() {
        List<Integer> shared = List.of(1);
        assertThat(canonical(List.of(shared, shared))).isEqualTo("[[[1],[1]]]");
    }

    @Test
    void unsupportedTypesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> canonical(new AtomicLong(1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("java.util.concurrent.atomic.AtomicLong");
        assertThatThrownBy(() -> canonical(new NoGetters()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no record components or public getters");
    }

    @Test
    void anInputThatGrowsPastTheLimitIsTooBig() {
        assertThatThrownBy(() -> IdempotencyKeys.buildKey("t", "s", "x".repeat(IdempotencyKeys.MAX_BYTES)))
                .isInstanceOf(InputTooBigException.class);
    }

    @Test
    void aMapOfMoreThanSixteenInputsIsTooManyParts() {
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (int i = 0; i < 17; i++) {
            inputs.put("k" + i, i);
        }
        assertThatThrownBy(() -> IdempotencyKeys.buildKeyFromMap("t", "s", inputs))
                .isInstanceOf(InputTooBigException.class);
        inputs.remove("k0");
        assertThat(IdempotencyKeys.buildKeyFromMap("t", "s", inputs)).startsWith("v1:t:s:");
    }

    @Test
    void nullMapAndNullPartsAreOneNullPart() {
        String oneNull = IdempotencyKeys.buildKey("t", "s", new Object[] {null});
        assertThat(IdempotencyKeys.buildKeyFromMap("t", "s", null)).isEqualTo(oneNull);
        assertThat(IdempotencyKeys.buildKey("t", "s", (Object[]) null)).isEqualTo(oneNull);
        assertThat(IdempotencyKeys.buildKeyFromMap("t", "s", Map.of()))
                .isEqualTo(IdempotencyKeys.buildKey("t", "s"))
                .isNotEqualTo(oneNull);
    }

    @Test
    void aGetterThatBuildsAKeyDoesNotDisturbTheOuterKey() {
        Object bean = new Object() {
            public String getKey() {
                return IdempotencyKeys.buildKey("t", "inner", "x");
            }
        };
        String inner = IdempotencyKeys.buildKey("t", "inner", "x");
        assertThat(IdempotencyKeys.buildKey("t", "s", bean))
                .isEqualTo(IdempotencyKeys.buildKey("t", "s", Map.of("key", inner)));
    }
}
