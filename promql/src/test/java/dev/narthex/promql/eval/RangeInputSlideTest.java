package dev.narthex.promql.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RangeInputSlideTest {
    @Test
    void findsTheUpperBoundWhateverTheGuessedAdvance() {
        Random r = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            int n = r.nextInt(40);
            long[] ts = new long[n + 3]; // longer than n: slide must not look past n
            long t = 0;
            for (int i = 0; i < ts.length; i++) {
                t += 1 + r.nextInt(r.nextBoolean() ? 3 : 20); // regular and irregular gaps
                ts[i] = i < n ? t : Long.MIN_VALUE;
            }
            int from = 0;
            int advance = 0;
            for (long q = -5; q < t + 10; q += 1 + r.nextInt(8)) {
                int expected = RangeInput.upperBound(ts, n, q);
                int guess = r.nextInt(4) == 0 ? r.nextInt(n + 2) : advance;
                int got = RangeInput.slide(ts, n, from, guess, q);
                assertEquals(expected, got, "n=" + n + " from=" + from + " guess=" + guess + " t=" + q);
                advance = got - from;
                from = got;
            }
        }
    }

    @Test
    void takesTheGuessWhenItIsRightAndScansWhenItIsNot() {
        long[] ts = {15, 30, 45, 60, 75, 90, 105, 120};
        assertEquals(4, RangeInput.slide(ts, 8, 0, 4, 60));
        assertEquals(8, RangeInput.slide(ts, 8, 4, 4, 120));
        assertEquals(8, RangeInput.slide(ts, 8, 4, 4, 500));
        assertEquals(5, RangeInput.slide(ts, 8, 2, 1, 75), "guess too short");
        assertEquals(3, RangeInput.slide(ts, 8, 2, 4, 50), "guess too long");
        assertEquals(2, RangeInput.slide(ts, 8, 2, 0, 44));
    }
}
