package io.github.idempotency.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inputs far over the size limit are refused at once, and a thread keeps nothing of them. */
class LargeKeyInputTest {

    // Sorting first, as insertion sort, took 9 s for 40 000 entries and 99 s for 80 000.
    private static final Duration AT_ONCE = Duration.ofSeconds(5);

    @Test
    void refusesAMapFarOverTheLimitWithoutSortingIt() {
        Map<String, Object> huge = new HashMap<>();
        for (int i = 0; i < 80_000; i++) {
            huge.put("клю" + i, i);
        }

        assertTimeoutPreemptively(AT_ONCE, () -> {
            assertThatThrownBy(() -> IdempotencyKeys.buildKey("t", "s", huge))
                    .isInstanceOf(InputTooBigException.class)
                    .hasMessageContaining("32768");
            assertThatThrownBy(() -> IdempotencyKeys.buildKeyFromMap("t", "s", huge))
                    .isInstanceOf(InputTooBigException.class);
        });
    }

    @Test
    void sortsALargeMapByTheUtf8BytesOfItsNames() {
        String[] prefixes = {"z", "ä", "a", "日", "\uD83D\uDE00", "é", "b"};
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < 700; i++) {
            map.put(prefixes[i % prefixes.length] + i, i);
        }
        List<String> names = new ArrayList<>(map.keySet());
        names.sort((a, b) ->
                Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("[{".getBytes(StandardCharsets.UTF_8));
        for (String name : names) {
            if (expected.size() > 2) {
                expected.write(',');
            }
            expected.writeBytes(("\"" + name + "\":" + map.get(name)).getBytes(StandardCharsets.UTF_8));
        }
        expected.writeBytes("}]".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(KeyBuilder.canonical(new Object[] {map}), StandardCharsets.UTF_8))
                .isEqualTo(expected.toString(StandardCharsets.UTF_8));
        assertThat(IdempotencyKeys.buildKey("t", "s", new HashMap<>(map)))
                .isEqualTo(IdempotencyKeys.buildKey("t", "s", map));
    }

    @Test
    void refusesALargeMapWithTwoNamesThatFoldAlike() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            map.put("n" + i, i);
        }
        map.put("N250", 0);

        assertThatThrownBy(() -> IdempotencyKeys.buildKey("t", "s", map))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("\"n250\"");
    }

    @Test
    void aThreadKeepsNothingOfARefusedInput() {
        WeakReference<Object> input = refuseAHugeInput();

        assertThat(collected(input))
                .as("the refused input was garbage collected")
                .isTrue();
    }

    @Test
    void aThreadKeepsNoNameOfItsLastMap() {
        WeakReference<Object> name = buildFromAMapWithLongNames();

        assertThat(collected(name))
                .as("a name of the last map was garbage collected")
                .isTrue();
    }

    private static WeakReference<Object> refuseAHugeInput() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < 3_000; i++) {
            map.put("name" + i, "a value long enough to pass the limit " + i);
        }
        List<Object> input = List.of(map);
        assertThatThrownBy(() -> IdempotencyKeys.buildKey("t", "s", input)).isInstanceOf(InputTooBigException.class);
        return new WeakReference<>(map);
    }

    private static WeakReference<Object> buildFromAMapWithLongNames() {
        Map<String, Object> map = new LinkedHashMap<>();
        String first = null;
        for (int i = 0; i < 100; i++) {
            // longer than the names a thread caches on purpose
            String name = "n".repeat(70) + i;
            map.put(name, i);
            first = first == null ? name : first;
        }
        IdempotencyKeys.buildKey("t", "s", map);
        return new WeakReference<>(first);
    }

    private static boolean collected(WeakReference<Object> reference) {
        for (int i = 0; i < 20 && reference.get() != null; i++) {
            System.gc();
        }
        return reference.get() == null;
    }
}
