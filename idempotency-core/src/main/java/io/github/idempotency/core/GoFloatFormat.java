package io.github.idempotency.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go's {@code strconv.FormatFloat(x, 'g', -1, bits)}: the shortest digits that read back as the same
 * value (ties to the closer, then to the even digit), in exponent form when the decimal exponent
 * is below -4 or at least 6.
 *
 * <p>Java 17's {@code Double.toString} always reads back but is not always the shortest. Its digits
 * are trusted only when there are at most 15 (6 for a float) and the value is normal: no two such
 * decimals round to the same double, so a shorter or closer candidate cannot exist. Anything else
 * is searched exactly with {@link BigDecimal}.
 */
final class GoFloatFormat {

    /** Decimal digits {@code d} and point position {@code dp}: the value is {@code 0.d × 10^dp}. */
    private record Digits(String digits, int dp) {}

    private static final int DOUBLE_SAFE_DIGITS = 15;
    private static final int FLOAT_SAFE_DIGITS = 6;
    private static final double TWO_POW_53 = 0x1p53;

    private GoFloatFormat() {}

    static void writeDouble(CanonicalBuffer out, double value) {
        if (special(out, value)) {
            return;
        }
        double abs = Math.abs(value);
        if (value < 0) {
            out.write('-');
        }
        if (abs < 1e6 && abs == (long) abs) {
            out.writeLong((long) abs);
            return;
        }
        Digits digits;
        if (abs < TWO_POW_53 && abs == (long) abs) {
            digits = digits(Long.toString((long) abs), 0);
        } else {
            digits = parse(Double.toString(abs));
            if (digits.digits().length() > DOUBLE_SAFE_DIGITS || abs < Double.MIN_NORMAL) {
                long bits = Double.doubleToRawLongBits(abs);
                int biased = (int) (bits >>> 52);
                long fraction = bits & ((1L << 52) - 1);
                digits = shortest(fraction, biased, 52, 1075);
            }
        }
        format(out, digits);
    }

    static void writeFloat(CanonicalBuffer out, float value) {
        if (special(out, value)) {
            return;
        }
        float abs = Math.abs(value);
        if (value < 0) {
            out.write('-');
        }
        if (abs < 1e6f && abs == (int) abs) {
            out.writeLong((int) abs);
            return;
        }
        Digits digits = parse(Float.toString(abs));
        if (digits.digits().length() > FLOAT_SAFE_DIGITS || abs < Float.MIN_NORMAL) {
            int bits = Float.floatToRawIntBits(abs);
            digits = shortest(bits & ((1 << 23) - 1), bits >>> 23, 23, 150);
        }
        format(out, digits);
    }

    private static boolean special(CanonicalBuffer out, double value) {
        if (Double.isNaN(value)) {
            out.writeAscii("NaN");
        } else if (Double.isInfinite(value)) {
            out.writeAscii(value > 0 ? "+Inf" : "-Inf");
        } else if (value == 0) {
            out.writeAscii(Double.doubleToRawLongBits(value) < 0 ? "-0" : "0");
        } else {
            return false;
        }
        return true;
    }

    /** Reads Java's {@code 123.45} or {@code 1.2345E-7} into digits without leading or trailing zeros. */
    private static Digits parse(String text) {
        int e = text.indexOf('E');
        String mantissa = e < 0 ? text : text.substring(0, e);
        int exponent = e < 0 ? 0 : Integer.parseInt(text.substring(e + 1));
        int point = mantissa.indexOf('.');
        String digits = mantissa.substring(0, point) + mantissa.substring(point + 1);
        return digits(digits, point + exponent - digits.length());
    }

    /** Normalises the decimal {@code digits × 10^exponent}. */
    private static Digits digits(String digits, int exponent) {
        int start = 0;
        int end = digits.length();
        while (start < end - 1 && digits.charAt(start) == '0') {
            start++;
        }
        while (end > start + 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        int dp = digits.length() - start + exponent;
        return new Digits(digits.substring(start, end), dp);
    }

    /**
     * The shortest decimal inside the rounding interval of {@code m × 2^e}, found exactly. Both
     * ends count when {@code m} is even (round-half-even reads them back as this value); the lower
     * half-gap is half as wide at a power of two, where the exponent steps down.
     */
    private static Digits shortest(long fraction, int biased, int mantissaBits, int bias) {
        long m = biased == 0 ? fraction : fraction | (1L << mantissaBits);
        int e = (biased == 0 ? 1 : biased) - bias;
        boolean narrowBelow = fraction == 0 && biased > 1;
        BigDecimal value = exact(4 * m, e - 2);
        BigDecimal upper = exact(4 * m + 2, e - 2);
        BigDecimal lower = exact(narrowBelow ? 4 * m - 1 : 4 * m - 2, e - 2);
        boolean inclusive = (m & 1) == 0;
        for (int n = 1; ; n++) {
            BigDecimal down = value.round(new MathContext(n, RoundingMode.FLOOR));
            BigDecimal up = value.round(new MathContext(n, RoundingMode.CEILING));
            int cmpDown = down.compareTo(lower);
            int cmpUp = up.compareTo(upper);
            boolean downFits = inclusive ? cmpDown >= 0 : cmpDown > 0;
            boolean upFits = inclusive ? cmpUp <= 0 : cmpUp < 0;
            if (downFits || upFits) {
                BigDecimal chosen;
                if (downFits && upFits) {
                    int closer = value.subtract(down).compareTo(up.subtract(value));
                    chosen = closer < 0 || (closer == 0 && endsEven(down, n)) ? down : up;
                } else {
                    chosen = downFits ? down : up;
                }
                BigDecimal stripped = chosen.stripTrailingZeros();
                return digits(stripped.unscaledValue().toString(), -stripped.scale());
            }
        }
    }

    private static boolean endsEven(BigDecimal d, int n) {
        return d.precision() < n || !d.unscaledValue().testBit(0);
    }

    /** {@code k × 2^p} as an exact decimal. */
    private static BigDecimal exact(long k, int p) {
        BigInteger big = BigInteger.valueOf(k);
        if (p >= 0) {
            return new BigDecimal(big.shiftLeft(p));
        }
        return new BigDecimal(big.multiply(BigInteger.valueOf(5).pow(-p)), -p);
    }

    /** Go's {@code %e} or {@code %f} choice and layout for shortest digits. */
    private static void format(CanonicalBuffer out, Digits d) {
        writeDigits(out, d.digits(), d.dp());
    }

    /**
     * Lays out {@code 0.digits × 10^dp} (digits without leading or trailing zeros) as Go's {@code
     * 'g'} verb does for shortest output.
     */
    static void writeDigits(CanonicalBuffer out, String digits, int dp) {
        int nd = digits.length();
        int exp = dp - 1;
        if (exp < -4 || exp >= 6) {
            out.write(digits.charAt(0));
            if (nd > 1) {
                out.write('.');
                for (int i = 1; i < nd; i++) {
                    out.write(digits.charAt(i));
                }
            }
            out.write('e');
            out.write(exp < 0 ? '-' : '+');
            int abs = Math.abs(exp);
            if (abs < 10) {
                out.write('0');
            }
            out.writeLong(abs);
            return;
        }
        if (dp > 0) {
            int m = Math.min(nd, dp);
            for (int i = 0; i < m; i++) {
                out.write(digits.charAt(i));
            }
            for (; m < dp; m++) {
                out.write('0');
            }
        } else {
            out.write('0');
        }
        int fraction = Math.max(nd - dp, 0);
        if (fraction > 0) {
            out.write('.');
            for (int i = 1; i <= fraction; i++) {
                int j = dp + i - 1;
                out.write(j >= 0 && j < nd ? digits.charAt(j) : '0');
            }
        }
    }
}
