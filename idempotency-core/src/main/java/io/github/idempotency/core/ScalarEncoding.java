package io.github.idempotency.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.UUID;

/** Encodings of the single-valued Java types the reference has no notion of (see {@code docs/KEYS.md}). */
final class ScalarEncoding {

    /** Enough bits for more decimal digits than {@link IdempotencyKeys#MAX_BYTES}. */
    private static final int MAX_INTEGER_BITS = IdempotencyKeys.MAX_BYTES * 7 / 2;

    private ScalarEncoding() {}

    /** Writes {@code value} if it is one of these types; returns whether it was. */
    static boolean write(CanonicalBuffer out, Object value) {
        if (value instanceof BigInteger big) {
            writeBigInteger(out, big);
        } else if (value instanceof BigDecimal decimal) {
            writeBigDecimal(out, decimal);
        } else if (value instanceof Float f) {
            GoFloatFormat.writeFloat(out, f);
        } else if (value instanceof CharSequence || value instanceof Character || value instanceof UUID) {
            out.writeString(value.toString());
        } else if (value instanceof Enum<?> e) {
            out.writeString(e.name());
        } else if (value instanceof OffsetDateTime time) {
            out.writeString(time.toInstant().toString());
        } else if (value instanceof ZonedDateTime time) {
            out.writeString(time.toInstant().toString());
        } else if (value instanceof ZoneId zone) {
            out.writeString(zone.getId());
        } else if (value.getClass().getName().startsWith("java.time.")) {
            out.writeString(value.toString());
        } else {
            return false;
        }
        return true;
    }

    private static void writeBigInteger(CanonicalBuffer out, BigInteger big) {
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
    private static void writeBigDecimal(CanonicalBuffer out, BigDecimal decimal) {
        BigDecimal stripped = decimal.stripTrailingZeros();
        if (stripped.precision() > IdempotencyKeys.MAX_BYTES
                || (stripped.scale() <= 0 && stripped.precision() - stripped.scale() > IdempotencyKeys.MAX_BYTES)) {
            throw new InputTooBigException("a decimal of " + Math.max(stripped.precision(), -stripped.scale())
                    + " digits is too big for a key");
        }
        if (stripped.scale() <= 0) {
            writeBigInteger(out, stripped.toBigIntegerExact());
            return;
        }
        if (stripped.signum() < 0) {
            out.write('-');
        }
        String digits = stripped.unscaledValue().abs().toString();
        GoFloatFormat.writeDigits(out, digits, digits.length() - stripped.scale());
    }
}
