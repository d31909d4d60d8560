package io.github.idempotency.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Maps with the names of the one before take its order; each must still get the key a first map would. */
class RepeatedMapKeysTest {

    @Test
    void aMapWithTheSameNamesGetsTheKeyOfItsOwnValues() throws Exception {
        key(map("id", "a", "amount", 1L, "currency", "EUR"));

        Map<String, Object> next = map("id", "b", "amount", 2L, "currency", "USD");

        assertThat(key(next)).isEqualTo(keyOnFreshThread(next));
    }

    @Test
    void aMapWithTheSameNamesInAnotherOrderGetsTheSameKey() {
        String first = key(map("id", "a", "amount", 1L, "currency", "EUR"));

        assertThat(key(map("currency", "EUR", "id", "a", "amount", 1L))).isEqualTo(first);
        assertThat(key(map("id", "a", "amount", 1L, "currency", "EUR"))).isEqualTo(first);
    }

    @Test
    void aMapWithOtherNamesOfTheSameCountIsSortedAfresh() throws Exception {
        key(map("id", "a", "amount", 1L, "currency", "EUR"));

        Map<String, Object> other = map("id", "a", "amount", 1L, "customer", "EUR");

        assertThat(key(other)).isEqualTo(keyOnFreshThread(other));
    }

    @Test
    void emptyNamesStayDroppedAndFoldedDuplicatesStayRefused() throws Exception {
        Map<String, Object> withBlank = map(" ", "x", "b", 2L, "A", 1L);
        key(withBlank);

        assertThat(key(map(" ", "y", "b", 2L, "A", 1L))).isEqualTo(keyOnFreshThread(map("a", 1L, "b", 2L)));
        assertThatThrownBy(() -> key(map(" ", "x", "b", 2L, "B", 1L))).isInstanceOf(InvalidInputException.class);
        assertThat(key(map(" ", "z", "b", 2L, "A", 1L))).isEqualTo(keyOnFreshThread(map("a", 1L, "b", 2L)));
    }

    @Test
    void aMapWhoseKeysChangeBetweenReadsLeavesNoWrongOrderBehind() throws Exception {
        key(map("x", 1L, "y", 2L, "z", 3L)); // remembers a shape of another size
        // Two entries throughout, iterated once as {a, b} and as {a, c} every time after: as a
        // concurrent map changed by another thread, or a weak map losing an entry, may be.
        Map<String, Object> shifting = new java.util.AbstractMap<>() {
            private int reads;

            @Override
            public int size() {
                return 2;
            }

            @Override
            public java.util.Set<Map.Entry<String, Object>> entrySet() {
                return (reads++ == 0 ? map("a", 1L, "b", 2L) : map("a", 1L, "c", 2L)).entrySet();
            }
        };
        key(shifting);

        Map<String, Object> next = map("a", 1L, "c", 2L);

        assertThat(key(next)).isEqualTo(keyOnFreshThread(next));
    }

    private static String key(Map<String, Object> inputs) {
        return IdempotencyKeys.buildKeyFromMap("t", "orders", inputs);
    }

    private static String keyOnFreshThread(Map<String, Object> inputs) throws Exception {
        var thread = Executors.newSingleThreadExecutor();
        try {
            return CompletableFuture.supplyAsync(() -> key(inputs), thread).get();
        } finally {
            thread.shutdown();
        }
    }

    private static Map<String, Object> map(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }
}
