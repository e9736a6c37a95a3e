package dev.narthex.promql.functions;

import static dev.narthex.promql.functions.LoadedSeries.load;
import static dev.narthex.promql.functions.LoadedSeries.min;
import static dev.narthex.promql.functions.LoadedSeries.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** extended_vectors.test:385-400 ("metric smoothed" instant selectors) and edge cases. */
class SmoothedSelectorTest {
    private static double at(LoadedSeries s, long t) {
        int from = s.from(t - min(5));
        int to = s.to(t + min(5));
        return SmoothedSelector.value(s.ts, s.vs, from, to, t);
    }

    @Test
    void interpolatesBetweenNeighbours() {
        LoadedSeries metric = load(sec(10), "1+1x10");
        assertEquals(2, at(metric, sec(10)));
        assertEquals(2.5, at(metric, sec(15)));
        assertEquals(1.5, at(metric, sec(5)));
        assertEquals(11, at(metric, sec(105)));
        // Smoothed selectors interpolate as gauges, even across a drop.
        assertEquals(3, at(load(sec(10), "1+1x4 1+1x5"), sec(45)));
        assertEquals(2, at(load(sec(10), "0 5 100 2 8"), sec(30)));
    }

    @Test
    void noValueBeforeTheFirstSample() {
        LoadedSeries s = load(sec(10), "_ 5");
        int from = s.from(sec(5) - min(5));
        int to = s.to(sec(5) + min(5));
        assertFalse(SmoothedSelector.hasValue(s.ts, from, to, sec(5)));
    }
}
