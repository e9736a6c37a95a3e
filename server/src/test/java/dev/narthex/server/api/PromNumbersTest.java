package dev.narthex.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PromNumbersTest {
    /** Expected texts are what Go's strconv gives for Prometheus's MarshalFloat ('f', or 'e' outside [1e-6, 1e21)). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0",
        "-0.0|-0",
        "1|1",
        "-1|-1",
        "1.5|1.5",
        "0.1|0.1",
        "0.30000000000000004|0.30000000000000004",
        "100|100",
        "1000000|1000000",
        "123456789012|123456789012",
        "1e15|1000000000000000",
        "1.5e15|1500000000000000",
        "1e20|100000000000000000000",
        "1e21|1e+21",
        "1.5e21|1.5e+21",
        "1.7976931348623157e308|1.7976931348623157e+308",
        "0.000001|0.000001",
        "0.0000015|0.0000015",
        "1e-7|1e-07",
        "1.234e-10|1.234e-10",
        "5e-324|5e-324",
        "-2.5e-8|-2.5e-08",
        "3.141592653589793|3.141592653589793",
        "123.456|123.456",
        "0.001|0.001",
        "2e23|2e+23",
        "NaN|NaN",
        "Infinity|+Inf",
        "-Infinity|-Inf",
        "4.9e-324|5e-324",
        "1e-323|1e-323",
        "2.2250738585072014e-308|2.2250738585072014e-308",
        "2.225073858507201e-308|2.225073858507201e-308",
        "-1.7976931348623157e308|-1.7976931348623157e+308",
        "9007199254740993|9007199254740992",
        "9007199254740995|9007199254740996",
        "1125899906842624.25|1125899906842624.2",
        "1125899906842624.75|1125899906842624.8",
        "9.999999999999997e-7|9.999999999999997e-07",
        "1.0000000000000002e-6|0.0000010000000000000002",
        "999999999999999900000|999999999999999900000",
        "1.0000000000000001e21|1.0000000000000001e+21",
        "1e23|1e+23",
        "0.3333333333333333|0.3333333333333333",
        "123456789.12345679|123456789.12345679",
        "1234.5678901234567|1234.5678901234567",
        "0.000123456789|0.000123456789",
        "4.35|4.35",
    })
    void floatsAsPrometheus(String input, String expected) {
        assertEquals(expected, PromNumbers.formatFloat(Double.parseDouble(input)));
    }

    @Test
    void largeValuesUseShortestDigits() {
        // JDK 17's Double.toString gives 17 digits here; Go's shortest form needs 15.
        assertEquals("38571821214192500", PromNumbers.formatFloat(3.8571821214192496E16));
        assertEquals("271664849665305340", PromNumbers.formatFloat(2.71664849665305344E17));
    }

    @Test
    void outputsAreShortestAndRoundTrip() {
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            double v = i % 2 == 0 ? Double.longBitsToDouble(r.nextLong()) : r.nextDouble() * Math.pow(10, r.nextInt(30) - 10);
            if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
                continue;
            }
            String s = PromNumbers.formatFloat(v);
            assertEquals(v, Double.parseDouble(s), s);
            assertEquals(shortestDigitCount(v), digitCount(s), s);
        }
    }

    @Test
    void shortDecimalsTakeTheFastPathCorrectly() {
        Random r = new Random(11);
        for (int i = 0; i < 50_000; i++) {
            int decimals = r.nextInt(8);
            long units = r.nextInt(2_000_000_000);
            double v = units / Math.pow(10, decimals);
            String s = PromNumbers.formatFloat(v);
            assertEquals(v, Double.parseDouble(s), s);
            assertEquals(shortestDigitCount(v), digitCount(s), s);
            if (v != Math.rint(v)) {
                assertEquals(new BigDecimal(s).stripTrailingZeros().toPlainString(), s, "no trailing zeros: " + s);
            }
        }
    }

    /** The reference: the fewest significant digits that parse back to {@code v}, by exhaustive rounding. */
    private static int shortestDigitCount(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int p = 1; p <= 17; p++) {
            if (exact.round(new MathContext(p, RoundingMode.HALF_EVEN)).doubleValue() == v) {
                return p;
            }
        }
        return 17;
    }

    private static int digitCount(String s) {
        String mantissa = s.contains("e") ? s.substring(0, s.indexOf('e')) : s;
        String digits = mantissa.replace("-", "").replace(".", "").replaceFirst("^0+", "").replaceFirst("0+$", "");
        return Math.max(1, digits.length());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1700000000000|1700000000",
        "1700000000123|1700000000.123",
        "1700000000100|1700000000.100",
        "1700000000001|1700000000.001",
        "1700000000010|1700000000.010",
        "0|0",
        "5|0.005",
        "-1500|-1.500",
        "-1|-0.001",
    })
    void timestampsAsSeconds(long ms, String expected) {
        assertEquals(expected, PromNumbers.formatTimestamp(ms));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1|1", "0|0", "123456|123456", "1234567|1.234567e+06", "1000000|1e+06", "0.0001|0.0001",
        "0.00001|1e-05", "0.1|0.1", "NaN|NaN", "Infinity|+Inf", "2.5|2.5",
        "-0.0|-0", "-Infinity|-Inf", "5e-324|5e-324", "999999|999999", "0.30000000000000004|0.30000000000000004",
        "123456.7|123456.7", "1234567.5|1.2345675e+06", "0.00012345|0.00012345", "1.7976931348623157e308|1.7976931348623157e+308",
    })
    void exposition(String input, String expected) {
        assertEquals(expected, PromNumbers.formatFloatG(Double.parseDouble(input)));
    }
}
