package dev.narthex.storage.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Go strconv/fmt outputs (as produced by Go for these inputs). */
class GoFloatFormatTest {
    @Test
    void formatFIsShortestWithoutExponent() {
        assertEquals("6", GoFloatFormat.formatF(6));
        assertEquals("-0", GoFloatFormat.formatF(-0.0));
        assertEquals("0.1", GoFloatFormat.formatF(0.1));
        assertEquals("0.30000000000000004", GoFloatFormat.formatF(0.1 + 0.2));
        assertEquals("1000000000000000000000", GoFloatFormat.formatF(1e21));
        assertEquals("0.0000001", GoFloatFormat.formatF(1e-7));
        assertEquals("1152921504606847000", GoFloatFormat.formatF(Math.pow(2, 60)));
        assertEquals("9007199254740992", GoFloatFormat.formatF(9007199254740992.0));
        assertEquals("18014398509481984", GoFloatFormat.formatF(18014398509481984.0));
        assertEquals("-2.5", GoFloatFormat.formatF(-2.5));
        assertEquals("NaN", GoFloatFormat.formatF(Double.NaN));
        assertEquals("+Inf", GoFloatFormat.formatF(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", GoFloatFormat.formatF(Double.NEGATIVE_INFINITY));
        assertEquals("0." + "0".repeat(323) + "5", GoFloatFormat.formatF(Double.MIN_VALUE));
    }

    @Test
    void formatGSwitchesToExponent() {
        assertEquals("1.1", GoFloatFormat.formatG(1.1));
        assertEquals("-1.1", GoFloatFormat.formatG(-1.1));
        assertEquals("1", GoFloatFormat.formatG(1));
        assertEquals("0", GoFloatFormat.formatG(0));
        assertEquals("100000", GoFloatFormat.formatG(100000));
        assertEquals("1e+06", GoFloatFormat.formatG(1e6));
        assertEquals("1.5e+07", GoFloatFormat.formatG(1.5e7));
        assertEquals("0.0001", GoFloatFormat.formatG(1e-4));
        assertEquals("1e-05", GoFloatFormat.formatG(1e-5));
        assertEquals("1e+19", GoFloatFormat.formatG(1e19));
        // 15 digits already round-trip for this value.
        assertEquals("9.98846567431158e+307", GoFloatFormat.formatG(9.988465674311579e+307));
        assertEquals("5e-324", GoFloatFormat.formatG(Double.MIN_VALUE));
        assertEquals("+Inf", GoFloatFormat.formatG(Double.POSITIVE_INFINITY));
    }

    @Test
    void formatG2AndOpenMetrics() {
        assertEquals("10", GoFloatFormat.formatG2(10));
        assertEquals("2", GoFloatFormat.formatG2(2));
        assertEquals("1.2e+02", GoFloatFormat.formatG2(123));
        assertEquals("0.12", GoFloatFormat.formatG2(0.123));
        assertEquals("2.5", GoFloatFormat.formatG2(2.5));
        assertEquals("0.0", GoFloatFormat.formatOpenMetrics(0));
        assertEquals("1.0", GoFloatFormat.formatOpenMetrics(1));
        assertEquals("0.25", GoFloatFormat.formatOpenMetrics(0.25));
        assertEquals("-0.1", GoFloatFormat.formatOpenMetrics(-0.1));
        assertEquals("1e+06", GoFloatFormat.formatOpenMetrics(1e6));
        assertEquals("NaN", GoFloatFormat.formatOpenMetrics(Double.NaN));
    }
}
