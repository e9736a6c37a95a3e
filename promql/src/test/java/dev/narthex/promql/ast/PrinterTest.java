package dev.narthex.promql.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PrinterTest {
    @Test
    void floatsPrintLikeGoShortestWithoutExponent() {
        assertEquals("0.1", Printer.goFloat(0.1));
        assertEquals("100000000000000000000000", Printer.goFloat(1e23));
        assertEquals("8410000000000000000000", Printer.goFloat(8.41e21));
        assertEquals("0.000001", Printer.goFloat(1e-6));
        assertEquals("-2.5", Printer.goFloat(-2.5));
        assertEquals("+Inf", Printer.goFloat(Double.POSITIVE_INFINITY));
        assertEquals("NaN", Printer.goFloat(Double.NaN));
        assertEquals("0", Printer.goFloat(0.0));
        assertEquals("0.30000000000000004", Printer.goFloat(0.1 + 0.2));
    }

    @Test
    void durationsPrintLikePrometheus() {
        assertEquals("0s", Printer.duration(0));
        assertEquals("1h30m", Printer.duration(5_400_000));
        assertEquals("90d", Printer.duration(90L * 86_400_000));
        assertEquals("2w", Printer.duration(14L * 86_400_000));
        assertEquals("1y", Printer.duration(365L * 86_400_000));
        assertEquals("1s500ms", Printer.duration(1500));
    }

    @Test
    void labelNamesAreQuotedOnlyWhenNeeded() {
        assertEquals(true, Printer.isLegacyName("a_1", false));
        assertEquals(false, Printer.isLegacyName("1a", false));
        assertEquals(false, Printer.isLegacyName("a.b", false));
        assertEquals(true, Printer.isLegacyName("a:b", true));
    }
}
