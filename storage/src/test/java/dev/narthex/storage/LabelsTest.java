package dev.narthex.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LabelsTest {
    @Test
    void sortsByNameAndDropsEmptyValues() {
        Labels l = Labels.of("job", "api", "__name__", "up", "zone", "");
        assertEquals(2, l.size());
        assertEquals("__name__", l.name(0));
        assertEquals("job", l.name(1));
        assertFalse(l.has("zone"));
        assertEquals("", l.get("zone"));
        assertEquals("up{job=\"api\"}", l.toString());
    }

    @Test
    void equalityAndHashIgnoreConstructionOrder() {
        Labels a = Labels.of("a", "1", "b", "2");
        Labels b = Labels.of("b", "2", "a", "1");
        assertEquals(a, b);
        assertEquals(a.hash64(), b.hash64());
        assertNotEquals(a.hash64(), Labels.of("a", "12").hash64());
        assertNotEquals(Labels.of("ab", "").hash64(), Labels.of("a", "b").hash64());
    }

    @Test
    void comparesLikePrometheus() {
        assertTrue(Labels.of("a", "1").compareTo(Labels.of("a", "1", "b", "1")) < 0);
        assertTrue(Labels.of("a", "2").compareTo(Labels.of("a", "1", "b", "1")) > 0);
        assertTrue(Labels.of("a", "1").compareTo(Labels.of("b", "0")) < 0);
    }

    @Test
    void staleMarkerIsADistinctNaN() {
        assertTrue(StaleNaN.is(StaleNaN.VALUE));
        assertFalse(StaleNaN.is(Double.NaN));
        assertTrue(Double.isNaN(StaleNaN.VALUE));
    }

    @Test
    void regexMatchersAreAnchoredAndDotMatchesNewline() {
        Matcher m = Matcher.regex("path", "/api/.*");
        assertTrue(m.matches("/api/v1"));
        assertFalse(m.matches("x/api/v1"));
        assertTrue(Matcher.regex("f", "a.b").matches("a\nb"));
        assertTrue(Matcher.notRegex("f", "a|b").matches(""));
        assertTrue(Matcher.equal("f", "").matchesEmpty());
    }

    @Test
    void shareStringsSwapsInEqualInstancesAndRejectsOthers() {
        String value = new String("v");
        Labels l = Labels.of("a", value);
        String[] canonical = {"a", "v"};
        l.shareStrings(i -> canonical[i]);
        assertSame(canonical[1], l.value(0));
        assertSame(canonical[0], l.name(0));
        assertEquals(Labels.of("a", "v"), l);
        assertThrows(IllegalArgumentException.class, () -> l.shareStrings(i -> i == 1 ? "w" : "a"));
        assertEquals("v", l.value(0));
    }
}
