package io.github.idempotency.core;

import java.math.BigInteger;
import java.util.Map;
import java.util.UUID;

/**
 * A map's entries with names trimmed and lower-cased, empty names dropped, sorted by UTF-8 bytes.
 * Unlike the reference, each name keeps its own value, and two names that fold to the same text
 * are an error rather than a silent merge.
 */
final class SortedEntries {

    private static final SortedEntries EMPTY = new SortedEntries(new String[0], new Object[0], 0);

    private final String[] names;
    private final Object[] values;
    private final int size;

    private SortedEntries(String[] names, Object[] values, int size) {
        this.names = names;
        this.values = values;
        this.size = size;
    }

    static SortedEntries of(Map<?, ?> map) {
        int capacity = map.size();
        if (capacity == 0) {
            return EMPTY;
        }
        String[] names = new String[capacity];
        Object[] values = new Object[capacity];
        int size = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = KeyText.fold(nameOf(entry.getKey()));
            if (name.isEmpty()) {
                continue;
            }
            if (size == names.length) {
                names = java.util.Arrays.copyOf(names, size * 2);
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            // Insertion sort: maps in keys are small, and this costs no allocation.
            int i = size++;
            while (i > 0 && Utf8Order.INSTANCE.compare(names[i - 1], name) > 0) {
                names[i] = names[i - 1];
                values[i] = values[i - 1];
                i--;
            }
            if (i > 0 && names[i - 1].equals(name)) {
                throw duplicate(map, name);
            }
            names[i] = name;
            values[i] = entry.getValue();
        }
        return new SortedEntries(names, values, size);
    }

    /** Map keys become text the way Go's encoding/json treats them; other types have no stable text. */
    private static String nameOf(Object key) {
        if (key instanceof String s) {
            return s;
        }
        if (key instanceof Enum<?> e) {
            return e.name();
        }
        if (key instanceof Character
                || key instanceof Long
                || key instanceof Integer
                || key instanceof Short
                || key instanceof Byte
                || key instanceof BigInteger
                || key instanceof Boolean
                || key instanceof UUID) {
            return key.toString();
        }
        throw new InvalidInputException(
                "map keys of type " + (key == null ? "null" : key.getClass().getName())
                        + " have no deterministic key encoding; use strings, integers, enums, characters or UUIDs");
    }

    private static InvalidInputException duplicate(Map<?, ?> map, String name) {
        StringBuilder originals = new StringBuilder();
        for (Object key : map.keySet()) {
            if (KeyText.fold(nameOf(key)).equals(name)) {
                originals
                        .append(originals.length() == 0 ? "\"" : " and \"")
                        .append(key)
                        .append('"');
            }
        }
        return new InvalidInputException(
                "map keys " + originals + " both normalise to \"" + name + "\"; a key cannot tell their values apart");
    }

    int size() {
        return size;
    }

    String name(int i) {
        return names[i];
    }

    Object value(int i) {
        return values[i];
    }
}
