package io.github.idempotency.core;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Sorts a map's entries for encoding: names trimmed and lower-cased, empty names dropped, ordered
 * by UTF-8 bytes. Unlike the reference, each name keeps its own value, and two names that fold to
 * the same text are an error rather than a silent merge.
 *
 * <p>One instance per thread, used as a stack: a nested map takes the slots above its parent's.
 * Names recur from call to call, so their folded and encoded forms are remembered; and so does the
 * order of the last outermost map, which a map with the same names in the same iteration order takes
 * without sorting again (names, folding and order depend only on that sequence of names). Only short
 * names and small maps are remembered, so a thread never keeps a large input alive.
 */
final class MapEntries {

    private static final int CACHE_SLOTS = 64;
    private static final int CACHEABLE_LENGTH = 64;
    private static final int SHAPE_MAX = 16;
    private static final int INITIAL_SLOTS = 16;
    private static final int RETAINED_SLOTS = 256;
    // Insertion sort allocates nothing and wins on the small maps keys are made of; past this many
    // entries a map is sorted in O(n log n).
    private static final int INSERTION_SORT_MAX = 32;

    private @Nullable String[] names = new String[INITIAL_SLOTS];
    private byte @Nullable [][] encodedNames = new byte[INITIAL_SLOTS][];
    private @Nullable Object[] values = new Object[INITIAL_SLOTS];
    private int[] positions = new int[INITIAL_SLOTS];
    private int top;

    // The last outermost map's keys in iteration order, the sorted slot of each (-1: an empty name,
    // dropped) and the sorted names; shapeSize is -1 when none is remembered.
    private final @Nullable String[] shapeKeys = new String[SHAPE_MAX];
    private final int[] shapeSlots = new int[SHAPE_MAX];
    private final @Nullable String[] shapeNames = new String[SHAPE_MAX];
    private final byte @Nullable [][] shapeEncoded = new byte[SHAPE_MAX][];
    private int shapeSize = -1;
    private int shapeKept;

    private final @Nullable String[] cachedKeys = new String[CACHE_SLOTS];
    private final @Nullable String[] cachedNames = new String[CACHE_SLOTS];
    private final byte @Nullable [][] cachedEncoded = new byte[CACHE_SLOTS][];
    private final boolean[] cachedAscii = new boolean[CACHE_SLOTS];
    private final CanonicalBuffer scratch = new CanonicalBuffer();

    int top() {
        return top;
    }

    /** Releases the slots of the map pushed at {@code base}, keeping none of its names or values. */
    void pop(int base) {
        Arrays.fill(names, base, top, null);
        Arrays.fill(encodedNames, base, top, null);
        Arrays.fill(values, base, top, null);
        top = base;
    }

    /** Lets go of slots a large map made room for, once no map is pushed. */
    void shrink() {
        scratch.release();
        if (top == 0 && names.length > RETAINED_SLOTS) {
            names = new String[INITIAL_SLOTS];
            encodedNames = new byte[INITIAL_SLOTS][];
            values = new Object[INITIAL_SLOTS];
            positions = new int[INITIAL_SLOTS];
        }
    }

    /** The entry's name as a JSON string followed by one spare byte for the separator after it. */
    byte[] encodedName(int i) {
        return encodedNames[i];
    }

    @Nullable
    Object value(int i) {
        return values[i];
    }

    /** Pushes the map's entries, sorted, above {@link #top()}; returns how many there are. */
    int push(Map<?, ?> map) {
        if (top != 0) {
            return pushSorted(map, false);
        }
        if (map.size() == shapeSize && pushSameShape(map)) {
            return shapeKept;
        }
        // Forgotten until this map's shape is recorded, so a map that fails to encode leaves none.
        shapeSize = -1;
        return pushSorted(map, true);
    }

    /** Pushes the entries in the remembered order if the map's keys are the remembered ones. */
    private boolean pushSameShape(Map<?, ?> map) {
        top = shapeKept;
        int j = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object key = entry.getKey();
            if (j == shapeSize || !sameKey(key, shapeKeys[j])) {
                pop(0);
                return false;
            }
            int slot = shapeSlots[j++];
            if (slot >= 0) {
                values[slot] = entry.getValue();
            }
        }
        if (j != shapeSize) {
            pop(0);
            return false;
        }
        System.arraycopy(shapeNames, 0, names, 0, shapeKept);
        System.arraycopy(shapeEncoded, 0, encodedNames, 0, shapeKept);
        return true;
    }

    private static boolean sameKey(@Nullable Object key, @Nullable String expected) {
        return key == expected || (key instanceof String s && s.equals(expected));
    }

    /**
     * Remembers the order of the outermost map just pushed, whose {@code size} string keys
     * {@link #pushSorted} recorded in {@code shapeKeys} during its one pass over the map: reading
     * the map a second time could see other keys (a concurrent map changed meanwhile, a weak map
     * losing an entry) and pair them with this map's order.
     */
    private void rememberShape(int size, int kept) {
        Arrays.fill(shapeSlots, -1);
        for (int i = 0; i < kept; i++) {
            shapeSlots[positions[i]] = i;
            shapeNames[i] = names[i];
            shapeEncoded[i] = encodedNames[i];
        }
        shapeKept = kept;
        shapeSize = size;
    }

    /**
     * Pushes the map's entries and sorts them. The canonical bytes cannot be fewer than each kept
     * name's encoding plus a value and a separator, so a map that could never fit the size limit is
     * refused as soon as its names show it, before any sorting.
     */
    private int pushSorted(Map<?, ?> map, boolean recordShape) {
        int base = top;
        boolean ascii = true;
        boolean shapeable = recordShape;
        long leastBytes = 1; // the opening bracket
        int position = -1;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            position++;
            Object key = entry.getKey();
            if (shapeable) {
                if (position < SHAPE_MAX && key instanceof String s && s.length() <= CACHEABLE_LENGTH) {
                    shapeKeys[position] = s;
                } else {
                    // only small shapes of short names are remembered: a thread keeps no large input
                    Arrays.fill(shapeKeys, 0, position, null);
                    shapeable = false;
                }
            }
            int slot = key instanceof String s ? lookup(s) : -1;
            String name;
            byte[] encoded;
            if (slot >= 0) {
                name = cachedNames[slot];
                encoded = cachedEncoded[slot];
                ascii &= cachedAscii[slot];
            } else {
                name = KeyText.fold(nameOf(key));
                encoded = encode(name);
                ascii &= KeyText.isFolded(name);
            }
            if (name.isEmpty()) {
                continue;
            }
            // the encoded name carries its separator; add one byte of value and one of comma
            leastBytes += encoded.length + 2;
            if (leastBytes > IdempotencyKeys.MAX_BYTES) {
                pop(base);
                throw new InputTooBigException("a map of " + map.size() + " entries encodes to more than "
                        + IdempotencyKeys.MAX_BYTES + " canonical bytes");
            }
            if (top == names.length) {
                grow();
            }
            int i = top++;
            names[i] = name;
            encodedNames[i] = encoded;
            values[i] = entry.getValue();
            positions[i] = position;
        }
        if (top - base <= INSERTION_SORT_MAX) {
            insertionSort(base, ascii);
        } else {
            sortLarge(base, ascii);
        }
        for (int i = base + 1; i < top; i++) {
            if (names[i - 1].equals(names[i])) {
                String name = names[i];
                pop(base);
                throw duplicate(map, name);
            }
        }
        if (shapeable) {
            rememberShape(position + 1, top - base);
        }
        return top - base;
    }

    private void insertionSort(int base, boolean ascii) {
        for (int j = base + 1; j < top; j++) {
            String name = names[j];
            byte[] encoded = encodedNames[j];
            Object value = values[j];
            int position = positions[j];
            int i = j;
            while (i > base && compare(names[i - 1], name, ascii) > 0) {
                names[i] = names[i - 1];
                encodedNames[i] = encodedNames[i - 1];
                values[i] = values[i - 1];
                positions[i] = positions[i - 1];
                i--;
            }
            names[i] = name;
            encodedNames[i] = encoded;
            values[i] = value;
            positions[i] = position;
        }
    }

    private void sortLarge(int base, boolean ascii) {
        int n = top - base;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = base + i;
        }
        Arrays.sort(order, (a, b) -> compare(names[a], names[b], ascii));
        String[] sortedNames = new String[n];
        byte[][] sortedEncoded = new byte[n][];
        Object[] sortedValues = new Object[n];
        int[] sortedPositions = new int[n];
        for (int i = 0; i < n; i++) {
            int from = order[i];
            sortedNames[i] = names[from];
            sortedEncoded[i] = encodedNames[from];
            sortedValues[i] = values[from];
            sortedPositions[i] = positions[from];
        }
        System.arraycopy(sortedNames, 0, names, base, n);
        System.arraycopy(sortedEncoded, 0, encodedNames, base, n);
        System.arraycopy(sortedValues, 0, values, base, n);
        System.arraycopy(sortedPositions, 0, positions, base, n);
    }

    private static int compare(String a, String b, boolean ascii) {
        return ascii ? a.compareTo(b) : Utf8Order.INSTANCE.compare(a, b);
    }

    /** The cache slot holding this map key's folded and encoded name, filling it on a miss. */
    private int lookup(String key) {
        if (key.length() > CACHEABLE_LENGTH) {
            return -1;
        }
        int slot = key.hashCode() & (CACHE_SLOTS - 1);
        String cached = cachedKeys[slot];
        if (cached != key && !key.equals(cached)) {
            String name = KeyText.fold(key);
            cachedNames[slot] = name;
            cachedEncoded[slot] = encode(name);
            cachedAscii[slot] = KeyText.isFolded(name);
            cachedKeys[slot] = key;
        }
        return slot;
    }

    private byte[] encode(String name) {
        scratch.reset();
        scratch.writeString(name);
        return Arrays.copyOf(scratch.bytes(), scratch.length() + 1);
    }

    private void grow() {
        int size = names.length * 2;
        names = Arrays.copyOf(names, size);
        encodedNames = Arrays.copyOf(encodedNames, size);
        values = Arrays.copyOf(values, size);
        positions = Arrays.copyOf(positions, size);
    }

    /** Map keys become text the way Go's encoding/json treats them; other types have no stable text. */
    private static String nameOf(@Nullable Object key) {
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
}
