package dev.narthex.promql.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Labels;
import dev.narthex.storage.StaleNaN;
import org.junit.jupiter.api.Test;

class SeriesNotationTest {
    @Test
    void expandsSequencesRepeatsGapsAndStale() {
        SeriesNotation.Series s = SeriesNotation.parse("http_requests{job=\"api\", path=\"/a b\"} 0+10x2 5x1 1-0.5x2 _ _x2 stale -Inf");
        assertEquals(Labels.of("__name__", "http_requests", "job", "api", "path", "/a b"), s.labels());
        assertArrayEquals(new boolean[] {true, true, true, true, true, true, true, true, false, false, false, true, true}, s.present());
        assertEquals(0, s.values()[0]);
        assertEquals(20, s.values()[2]);
        assertEquals(5, s.values()[3]);
        assertEquals(5, s.values()[4]);
        assertEquals(0, s.values()[7]);
        assertTrue(StaleNaN.is(s.values()[11]));
        assertEquals(Double.NEGATIVE_INFINITY, s.values()[12]);
    }

    @Test
    void repeatedAdditionRoundsAsPrometheus() {
        SeriesNotation.Series s = SeriesNotation.parseValues("0+0.1x3");
        assertEquals(0.1 + 0.1 + 0.1, s.values()[3]);
    }

    @Test
    void selectorOnlyWithBracesOrName() {
        assertEquals(Labels.of("__name__", "up"), SeriesNotation.parseLabels("up"));
        assertEquals(Labels.of("__name__", "x", "a", "b"), SeriesNotation.parseLabels("{__name__=\"x\", a=\"b\"}"));
        assertEquals(0, SeriesNotation.parse("up").size());
        assertThrows(IllegalArgumentException.class, () -> SeriesNotation.parseLabels("up{a=~\"b\"}"));
        assertThrows(IllegalArgumentException.class, () -> SeriesNotation.parseValues("1 2 zz"));
    }
}
