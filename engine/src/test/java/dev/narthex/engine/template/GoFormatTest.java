package dev.narthex.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Known outputs of Go's fmt for the verbs templates use. */
class GoFormatTest {
    private static String f(String format, Object... args) {
        return GoFormat.sprintf(format, List.of(args));
    }

    @Test
    void floats() {
        assertEquals("1.235e+06", GoFormat.formatG(1234567.0, 4));
        assertEquals("1000", GoFormat.formatG(999.99999, 4));
        assertEquals("0.0001234", GoFormat.formatG(0.00012345, 4), "the double is just below the tie");
        assertEquals("0.0001235", GoFormat.formatG(0.000123451, 4));
        assertEquals("1e-05", GoFormat.formatG(0.00001, 4));
        assertEquals("100", GoFormat.formatG(100, 4));
        assertEquals("0", GoFormat.formatG(0, 4));
        assertEquals("NaN", GoFormat.formatG(Double.NaN, 4));
        assertEquals("+Inf", GoFormat.formatG(Double.POSITIVE_INFINITY, 4));
        assertEquals("-2.50", GoFormat.formatF(-2.5, 2));
        assertEquals("1.000000e+00", GoFormat.formatE(1, 6, 'e'));
        assertEquals("1e+06", GoFormat.print(1e6));
        assertEquals("123456.5", GoFormat.print(123456.5));
    }

    @Test
    void verbsFlagsAndMismatches() {
        assertEquals("x=  3.14|007|-5   |+2", f("x=%6.2f|%03d|%-5d|%+d", 3.14159, 7L, -5L, 2L));
        assertEquals("\"a\\nb\" 'x'", f("%q %q", "a\nb", 120L));
        assertEquals("%!d(float64=1.5)", f("%d", 1.5));
        assertEquals("%!s(int=3)", f("%s", 3L));
        assertEquals("a %!d(MISSING)", f("a %d"));
        assertEquals("a%!(EXTRA int=1)", f("a", 1L));
        assertEquals("100%", f("%d%%", 100L));
        assertEquals("map[a:b c:d] [1 x]", f("%v %v", java.util.Map.of("c", "d", "a", "b"), List.of(1L, "x")));
    }
}
