package io.github.idempotency.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Writes values in the reference's canonical JSON-like form, plus a deterministic form for the Java
 * types the reference has no notion of (see {@code docs/KEYS.md}). One instance per thread: it keeps
 * a small buffer between keys, never a large one, and nothing of the input.
 */
final class CanonicalEncoder {

    /** Deep enough for any real input, shallow enough that the stack never overflows. */
    static final int MAX_DEPTH = 256;

    final CanonicalBuffer out = new CanonicalBuffer();
    private final MapEntries entries = new MapEntries();
    private final @Nullable Object[] path = new Object[MAX_DEPTH];
    private int depth;

    void reset() {
        out.reset();
        entries.pop(0);
        Arrays.fill(path, 0, depth, null);
        depth = 0;
    }

    /**
     * Forgets the last input, even one that failed half-way, and the room it took, so that a
     * thread's encoder never keeps a large input or its bytes alive.
     */
    void release() {
        reset();
        out.release();
        entries.shrink();
    }

    /** Writes the parts as one list. */
    void writeParts(@Nullable Object[] parts) {
        out.write('[');
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            write(parts[i]);
        }
        out.write(']');
    }

    /** Writes a map's entries, sorted by normalised name, as the list {@code [k1,v1,k2,v2,...]}. */
    void writeMapAsParts(Map<?, ?> map) {
        int base = entries.top();
        int size = entries.push(map);
        try {
            if (2 * size > IdempotencyKeys.MAX_PARTS) {
                throw new InputTooBigException(
                        "a map of " + size + " named inputs makes more than " + IdempotencyKeys.MAX_PARTS + " parts");
            }
            enter(map);
            out.write('[');
            for (int i = base; i < base + size; i++) {
                if (i > base) {
                    out.write(',');
                }
                out.writeName(entries.encodedName(i), ',');
                write(entries.value(i));
            }
            out.write(']');
            leave();
        } finally {
            entries.pop(base);
        }
    }

    void write(@Nullable Object value) {
        if (value == null) {
            out.writeAscii("null");
            return;
        }
        Class<?> type = value.getClass();
        if (type == String.class) {
            out.writeString((String) value);
        } else if (type == Long.class || type == Integer.class || type == Short.class || type == Byte.class) {
            out.writeLong(((Number) value).longValue());
        } else if (type == Double.class) {
            GoFloatFormat.writeDouble(out, (Double) value);
        } else if (type == Boolean.class) {
            out.writeAscii((Boolean) value ? "true" : "false");
        } else if (type == ArrayList.class) {
            // What JSON bodies deserialise to, spared the per-class lookup below.
            writeList((List<?>) value);
        } else if (type == LinkedHashMap.class) {
            writeMap((Map<?, ?>) value);
        } else {
            switch (ContainerKind.of(type)) {
                case MAP -> writeMap((Map<?, ?>) value);
                case SET -> writeSet((Collection<?>) value);
                case INDEXED_LIST -> writeList((List<?>) value);
                case OTHER_COLLECTION -> writeCollection((Collection<?>) value);
                case ARRAY -> writeArray(value);
                case NONE -> writeOther(value);
            }
        }
    }

    private void writeOther(Object value) {
        if (ScalarEncoding.write(out, value)) {
            return;
        }
        if (value instanceof Optional<?> optional) {
            write(optional.orElse(null));
        } else if (value instanceof OptionalInt o) {
            write(o.isPresent() ? (Object) o.getAsInt() : null);
        } else if (value instanceof OptionalLong o) {
            write(o.isPresent() ? (Object) o.getAsLong() : null);
        } else if (value instanceof OptionalDouble o) {
            write(o.isPresent() ? (Object) o.getAsDouble() : null);
        } else {
            writeBean(value);
        }
    }

    private void writeMap(Map<?, ?> map) {
        enter(map);
        int base = entries.top();
        int size = entries.push(map);
        try {
            out.write('{');
            for (int i = base; i < base + size; i++) {
                if (i > base) {
                    out.write(',');
                }
                out.writeName(entries.encodedName(i), ':');
                write(entries.value(i));
            }
            out.write('}');
        } finally {
            entries.pop(base);
        }
        leave();
    }

    private void writeList(List<?> list) {
        enter(list);
        out.write('[');
        for (int i = 0, n = list.size(); i < n; i++) {
            if (i > 0) {
                out.write(',');
            }
            write(list.get(i));
        }
        out.write(']');
        leave();
    }

    private void writeCollection(Collection<?> collection) {
        enter(collection);
        out.write('[');
        boolean first = true;
        for (Object element : collection) {
            if (!first) {
                out.write(',');
            }
            first = false;
            write(element);
        }
        out.write(']');
        leave();
    }

    private void writeSet(Collection<?> set) {
        enter(set);
        writeSorted(set.toArray());
        leave();
    }

    /** A set's elements in the order of their encoded bytes, so hash order never matters. */
    private void writeSorted(Object[] elements) {
        int n = elements.length;
        int start = out.length();
        int[] ends = new int[n];
        for (int i = 0; i < n; i++) {
            write(elements[i]);
            ends[i] = out.length();
        }
        byte[] encoded = Arrays.copyOfRange(out.bytes(), start, out.length());
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order,
                (a, b) -> Arrays.compareUnsigned(
                        encoded,
                        from(ends, a, start),
                        ends[a] - start,
                        encoded,
                        from(ends, b, start),
                        ends[b] - start));
        out.truncate(start);
        out.write('[');
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                out.write(',');
            }
            int i = order[k];
            int from = from(ends, i, start);
            out.write(encoded, from, ends[i] - start - from);
        }
        out.write(']');
    }

    private static int from(int[] ends, int i, int start) {
        return i == 0 ? 0 : ends[i - 1] - start;
    }

    private void writeArray(Object array) {
        if (array instanceof byte[] bytes) {
            out.writeHexString(bytes);
            return;
        }
        enter(array);
        out.write('[');
        int n = java.lang.reflect.Array.getLength(array);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.write(',');
            }
            write(java.lang.reflect.Array.get(array, i));
        }
        out.write(']');
        leave();
    }

    private void writeBean(Object bean) {
        BeanProperties properties = BeanProperties.forClass(bean.getClass());
        if (properties == null) {
            throw new InvalidInputException("values of type " + bean.getClass().getName()
                    + " have no deterministic key encoding; pass a supported value instead (see docs/KEYS.md)");
        }
        properties.checkEncodable(bean.getClass());
        enter(bean);
        out.write('{');
        for (int i = 0; i < properties.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeString(properties.name(i));
            out.write(':');
            write(properties.read(i, bean));
        }
        out.write('}');
        leave();
    }

    /** Steps into a container, refusing cycles and nesting deeper than {@link #MAX_DEPTH}. */
    private void enter(Object container) {
        for (int i = 0; i < depth; i++) {
            if (path[i] == container) {
                throw new InvalidInputException("key input contains itself (a "
                        + container.getClass().getName() + " reachable from its own elements)");
            }
        }
        if (depth == MAX_DEPTH) {
            throw new InvalidInputException("key input is nested deeper than " + MAX_DEPTH + " levels");
        }
        path[depth++] = container;
    }

    private void leave() {
        path[--depth] = null;
    }
}
