package io.github.idempotency.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GoFloatFormatTest {

    private static String format(double value) {
        CanonicalBuffer out = new CanonicalBuffer();
        GoFloatFormat.writeDouble(out, value);
        return new String(out.bytes(), 0, out.length(), StandardCharsets.US_ASCII);
    }

    private static String format(float value) {
        CanonicalBuffer out = new CanonicalBuffer();
        GoFloatFormat.writeFloat(out, value);
        return new String(out.bytes(), 0, out.length(), StandardCharsets.US_ASCII);
    }

    @Test
    void writesShortestDigitsWhereJava17DoesNot() {
        // Java 17 prints 2.82879384806159008E17 and 5.6843418860808015E-14.
        assertThat(format(2.82879384806159E17)).isEqualTo("2.82879384806159e+17");
        assertThat(format(0x1p-44)).isEqualTo("5.684341886080802e-14");
        assertThat(format(1.0E23)).isEqualTo("1e+23");
    }

    @Test
    void switchesToExponentFormLikeGo() {
        assertThat(format(123456.0)).isEqualTo("123456");
        assertThat(format(1234567.0)).isEqualTo("1.234567e+06");
        assertThat(format(0.0001)).isEqualTo("0.0001");
        assertThat(format(0.00001)).isEqualTo("1e-05");
        assertThat(format(-12.5)).isEqualTo("-12.5");
        assertThat(format(1e100)).isEqualTo("1e+100");
    }

    @Test
    void handlesPowerOfTwoBoundariesAndSubnormals() {
        assertThat(format(Double.MIN_VALUE)).isEqualTo("5e-324");
        assertThat(format(2 * Double.MIN_VALUE)).isEqualTo("1e-323");
        assertThat(format(Double.MIN_NORMAL)).isEqualTo("2.2250738585072014e-308");
        assertThat(format(0x1p63)).isEqualTo("9.223372036854776e+18");
        assertThat(format(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
    }

    @Test
    void writesFloatsWithTheirOwnShortestDigits() {
        assertThat(format(0.1f)).isEqualTo("0.1");
        assertThat(format(16777216f)).isEqualTo("1.6777216e+07");
        assertThat(format(Float.MIN_VALUE)).isEqualTo("1e-45");
        assertThat(format(Float.MAX_VALUE)).isEqualTo("3.4028235e+38");
        assertThat(format(-0f)).isEqualTo("-0");
    }

    @Test
    void randomBitPatternsReadBackAndHaveNoShorterOrCloserDigits() {
        SplittableRandom random = new SplittableRandom(20240601);
        for (int i = 0; i < 20_000; i++) {
            double value = Math.abs(Double.longBitsToDouble(random.nextLong()));
            if (Double.isNaN(value) || Double.isInfinite(value) || value == 0) {
                continue;
            }
            String text = format(value);
            BigDecimal written = new BigDecimal(text);
            assertThat(Double.parseDouble(text)).as(text).isEqualTo(value);
            int digits = written.stripTrailingZeros().precision();
            BigDecimal exact = new BigDecimal(value);
            if (digits > 1) {
                for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
                    BigDecimal shorter = exact.round(new MathContext(digits - 1, mode));
                    assertThat(shorter.doubleValue())
                            .as("%s is not shortest", text)
                            .isNotEqualTo(value);
                }
            }
            BigDecimal step = BigDecimal.ONE.scaleByPowerOfTen(
                    written.stripTrailingZeros().precision()
                            - written.stripTrailingZeros().scale()
                            - digits);
            for (BigDecimal neighbour : new BigDecimal[] {written.add(step), written.subtract(step)}) {
                if (neighbour.doubleValue() == value) {
                    assertThat(neighbour.subtract(exact).abs())
                            .as("%s is not the closest", text)
                            .isGreaterThanOrEqualTo(written.subtract(exact).abs());
                }
            }
        }
    }
}
