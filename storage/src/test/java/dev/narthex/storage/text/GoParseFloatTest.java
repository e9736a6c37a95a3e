package dev.narthex.storage.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What Go's strconv.ParseFloat(s, 64) accepts and returns for these inputs. */
class GoParseFloatTest {
    @Test
    void leLabelParsing() {
        assertEquals(0.2, GoParseFloat.parse(".2"));
        assertEquals(1, GoParseFloat.parse("1e0"));
        assertEquals(Double.POSITIVE_INFINITY, GoParseFloat.parse("+Inf"));
        assertEquals(Double.POSITIVE_INFINITY, GoParseFloat.parse("+inf"));
        assertEquals(Double.NEGATIVE_INFINITY, GoParseFloat.parse("-Infinity"));
        assertEquals(0.2, GoParseFloat.parse("2.0e-1"));
        assertEquals(6, GoParseFloat.parse("0x1.8p2"));
        assertTrue(GoParseFloat.isValid("NaN"));
        assertFalse(GoParseFloat.isValid("1d"));
        assertFalse(GoParseFloat.isValid(" 1"));
        assertFalse(GoParseFloat.isValid("Infinit"));
        assertFalse(GoParseFloat.isValid("1e400"));
        assertFalse(GoParseFloat.isValid("0x1.8"));
        assertFalse(GoParseFloat.isValid(""));
        assertFalse(GoParseFloat.isValid("."));
        assertTrue(GoParseFloat.isValid("5."));
    }

    @Test
    void apiTimestampsAndDurations() {
        assertEquals(1435781451.781, GoParseFloat.parse("1435781451.781"));
        assertEquals(-1.5, GoParseFloat.parse("-1.5"));
        assertEquals(0.5, GoParseFloat.parse("0x.8p0"));
        assertTrue(GoParseFloat.isValid("1E+3"));
        assertFalse(GoParseFloat.isValid("1e"));
        assertFalse(GoParseFloat.isValid("1e+"));
        assertFalse(GoParseFloat.isValid("5m"));
        assertFalse(GoParseFloat.isValid("2015-07-01T20:10:51Z"));
        assertFalse(GoParseFloat.isValid("0x"));
        assertFalse(GoParseFloat.isValid("1_000"));
        assertFalse(GoParseFloat.isValid("١"));
    }

    @Test
    void nanTakesNoSignButInfDoes() {
        assertTrue(GoParseFloat.isValid("nan"));
        assertTrue(Double.isNaN(GoParseFloat.parse("nAn")));
        assertFalse(GoParseFloat.isValid("+NaN"));
        assertFalse(GoParseFloat.isValid("-nan"));
        assertEquals(Double.NEGATIVE_INFINITY, GoParseFloat.parse("-inf"));
        assertTrue(GoParseFloat.isValid("+Infinity"));
        assertFalse(GoParseFloat.isValid("infinityy"));
    }
}
