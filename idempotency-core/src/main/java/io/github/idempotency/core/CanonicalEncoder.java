package io.github.idempotency.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.RandomAccess;
import java.util.Set;
import java.util.UUID;

/**
 * Writes values in the reference's canonical JSON-like form, plus a deterministic form for the Java
 * types the reference has no notion of (see {@code docs/KEYS.md}). One instance per thread: it keeps
 * its buffer between keys.
 */
final class CanonicalEncoder {

    /** Deep enough for any real input, shallow enough that the stack never overflows. */
    static final int MAX_DEPTH = 256;

    /** More digits than {@link IdempotencyKeys#MAX_BYTES} allows, whatever the sign. */
    private static final int MAX_INTEGER_BITS = IdempotencyKeys.MAX_BYTES * 7 / 2;

    final CanonicalBuffer out = new CanonicalBuffer();
    private final MapEntries entries = new MapEntries();
    private final Object[] path = new Object[MAX_DEPTH];
    private int depth;

    void reset() {
        out.reset();
        entries.pop(0);
        Arrays.fill(path, 0, depth, null);
        depth = 0;
    }

    /** Writes the parts as one list. */
    void writeParts(Object[] parts) {
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

    void write(Object value) {
        if (value == null) {
            out.writeAscii("null");
        } else if (value instanceof String s) {
            out.writeString(s);
        } else if (value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte) {
            out.writeLong(((Number) value).longValue());
        } else if (value instanceof Double d) {
            GoFloatFormat.writeDouble(out, d);
        } else if (value instanceof Boolean b) {
            out.writeAscii(b ? "true" : "false");
        } else if (value instanceof Map<?, ?> map) {
            writeMap(map);
        } else if (value instanceof Collection<?> collection) {
            writeCollection(collection);
        } else if (value.getClass().isArray()) {
            writeArray(value);
        } else {
            writeOther(value);
        }
    }

    private void writeOther(Object value) {
        if (value instanceof BigInteger big) {
            writeBigInteger(big);
        } else if (value instanceof BigDecimal decimal) {
            writeBigDecimal(decimal);
        } else if (value instanceof Float f) {
            GoFloatFormat.writeFloat(out, f);
        } else if (value instanceof CharSequence || value instanceof Character || value instanceof UUID) {
            out.writeString(value.toString());
        } else if (value instanceof Enum<?> e) {
            out.writeString(e.name());
        } else if (value instanceof Optional<?> optional) {
            write(optional.orElse(null));
        } else if (value instanceof OptionalInt o) {
            write(o.isPresent() ? (Object) o.getAsInt() : null);
        } else if (value instanceof OptionalLong o) {
            write(o.isPresent() ? (Object) o.getAsLong() : null);
        } else if (value instanceof OptionalDouble o) {
            write(o.isPresent() ? (Object) o.getAsDouble() : null);
        } else if (value instanceof OffsetDateTime time) {
            out.writeString(time.toInstant().toString());
        } else if (value instanceof ZonedDateTime time) {
            out.writeString(time.toInstant().toString());
        } else if (value instanceof ZoneId zone) {
            out.writeString(zone.getId());
        } else if (value.getClass().getName().startsWith("java.time.")) {
            out.writeString(value.toString());
        } else {
            writeBean(value);
        }
    }

    private void writeBigInteger(BigInteger big) {
        if (big.bitLength() > MAX_INTEGER_BITS) {
            throw new InputTooBigException("an integer of " + big.bitLength() + " bits is too big for a key");
        }
        if (big.bitLength() < 64) {
            out.writeLong(big.longValue());
        } else {
            out.writeAscii(big.toString());
        }
    }

    /** Numerically equal decimals encode alike; whole ones exactly like the same integer. */
    private void writeBigDecimal(BigDecimal decimal) {
        BigDecimal stripped = decimal.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            if (stripped.precision() - stripped.scale() > IdempotencyKeys.MAX_BYTES) {
                throw new InputTooBigException("a decimal of " + (stripped.precision() - stripped.scale())
                        + " integer digits is too big for a key");
            }
            writeBigInteger(stripped.toBigIntegerExact());
            return;
        }
        if (stripped.signum() < 0) {
            out.write('-');
        }
        String digits = stripped.unscaledValue().abs().toString();
        GoFloatFormat.writeDigits(out, digits, digits.length() - stripped.scale());
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

    private void writeCollection(Collection<?> collection) {
        enter(collection);
        if (collection instanceof Set<?>) {
            writeSorted(collection.toArray());
        } else if (collection instanceof List<?> list && list instanceof RandomAccess) {
            out.write('[');
            for (int i = 0, n = list.size(); i < n; i++) {
                if (i > 0) {
                    out.write(',');
                }
                write(list.get(i));
            }
            out.write(']');
        } else {
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
        }
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
