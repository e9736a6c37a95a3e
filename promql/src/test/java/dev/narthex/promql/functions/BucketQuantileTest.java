package dev.narthex.promql.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Classic histogram_quantile/histogram_fraction; known answers from upstream histograms.test. */
class BucketQuantileTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private final BucketQuantile bq = new BucketQuantile();

    private double q(double q, double[] bounds, double[] counts) {
        return bq.quantile(q, bounds.clone(), counts.clone(), bounds.length);
    }

    private static double fraction(double lower, double upper, double[] bounds, double[] counts) {
        return BucketQuantile.fraction(lower, upper, bounds.clone(), counts.clone(), bounds.length);
    }

    @Test
    void quantilesOfTestHistogram3() {
        // histograms.test:28-42 at 50m and 549-599
        double[] pos = {0, 0.1, 0.2, 1, INF};
        double[] posCounts = {0, 50, 70, 110, 110};
        double[] neg = {-0.25, -0.2, -0.1, 0.3, INF};
        double[] negCounts = {0, 10, 20, 20, 20};
        double[] qs = {0, 0.25, 0.5, 0.75, 1};
        double[] posExpected = {0, 0.055, 0.125, 0.45, 1};
        double[] negExpected = {-0.25, -0.225, -0.2, -0.15, -0.1};
        for (int i = 0; i < qs.length; i++) {
            assertEquals(posExpected[i], q(qs[i], pos, posCounts), 1e-12);
            assertEquals(negExpected[i], q(qs[i], neg, negCounts), 1e-12);
            assertFalse(bq.forcedMonotonic);
        }
    }

    @Test
    void outOfRangeQuantiles() {
        // histograms.test:637-690
        double[] b = {0.1, 0.2, 1, INF};
        double[] c = {50, 70, 110, 120};
        assertEquals(Double.NEGATIVE_INFINITY, q(-0.1, b, c));
        assertEquals(INF, q(1.01, b, c));
        assertEquals(Double.NaN, q(Double.NaN, b, c));
    }

    @Test
    void sortsBucketsAndInterpolatesFromZero() {
        // testhistogram2 (histograms.test:19-24): q(1/6), q(1/2), q(5/6) mid-bucket = 1, 3, 5.
        double[] b = {INF, 6, 4, 2, 0};
        double[] c = {30, 30, 20, 10, 0};
        assertEquals(1, q(1.0 / 6, b, c), 1e-12);
        assertEquals(3, q(0.5, b, c), 1e-12);
        assertEquals(5, q(5.0 / 6, b, c), 1e-12);
    }

    @Test
    void forcedMonotonicity() {
        // histograms.test:1012-1040
        double[] b = {0.1, 1, 10, 100, 1000, INF};
        double[] c = {20, 10, 50, 40, 90, 80};
        assertEquals(0.0045, q(0.01, b, c), 1e-12);
        assertTrue(bq.forcedMonotonic);
        assertEquals(1, bq.minBucket);
        assertEquals(INF, bq.maxBucket);
        assertEquals(10, bq.maxDiff);
        assertEquals(8.5, q(0.5, b, c), 1e-12);
        assertEquals(979.75, q(0.99, b, c), 1e-9);
    }

    @Test
    void ignoresTinyDeltasSilently() {
        double[] b = {1, 2, INF};
        double[] c = {10, 10 * (1 - 1e-14), 10};
        q(0.5, b, c);
        assertFalse(bq.forcedMonotonic);
        assertTrue(bq.fixedPrecision);
    }

    @Test
    void specialCases() {
        // Missing +Inf, fewer than two buckets after merging, no observations.
        assertEquals(Double.NaN, q(0.5, new double[] {1, 2}, new double[] {1, 2}));
        assertEquals(Double.NaN, q(0.5, new double[] {INF, INF}, new double[] {0, 0}));
        assertEquals(Double.NaN, q(0.5, new double[] {1, INF}, new double[] {0, 0}));
        // In the +Inf bucket: the second highest bound.
        assertEquals(1, q(0.9, new double[] {1, INF}, new double[] {1, 10}));
        // In a first bucket with a bound <= 0: that bound.
        assertEquals(-1, q(0.1, new double[] {-1, INF}, new double[] {5, 10}));
        // Merged duplicate bounds (histograms.test:1042-1046: le 0.2, 2e-1, 2.0e-1).
        assertEquals(0.15, q(0.5, new double[] {0.1, 0.2, 0.2, 0.2, INF}, new double[] {1, 1, 1, 1, 4}), 1e-12);
    }

    @Test
    void fractions() {
        // histograms.test:113-540
        double[] b2 = {0, 2, 4, 6, INF};
        double[] c2 = {0, 10, 20, 30, 30};
        assertEquals(0.6666666666666666, fraction(0, 4, b2, c2), 1e-15);
        assertEquals(1, fraction(0, 6, b2, c2));
        assertEquals(0.5833333333333334, fraction(0, 3.5, b2, c2), 1e-15);
        double[] pos = {1, 2, 3, INF};
        double[] posCounts = {1, 3, 6, 100};
        double[] negb = {-3, -2, -1, INF};
        double[] negCounts = {10, 12, 15, 100};
        assertEquals(0.02, fraction(0, 1.5, pos, posCounts), 1e-15);
        assertEquals(0.02, fraction(-4, -2, negb, negCounts), 1e-15);
        assertEquals(0.135, fraction(Double.NEGATIVE_INFINITY, -1.5, negb, negCounts), 1e-15);
        assertEquals(1, fraction(Double.NEGATIVE_INFINITY, INF, pos, posCounts));
        assertEquals(1, fraction(Double.NEGATIVE_INFINITY, INF, negb, negCounts));
        assertEquals(0, fraction(4, 5, pos, posCounts));
        assertEquals(0, fraction(0, 1, negb, negCounts));
        assertEquals(0.03, fraction(2, 5, pos, posCounts), 1e-15);
        assertEquals(0.94, fraction(400, INF, pos, posCounts), 1e-15);
        assertEquals(0, fraction(2, 2, pos, posCounts));
        assertEquals(0, fraction(3, 2, pos, posCounts));
        assertEquals(0, fraction(0, 1, new double[] {INF}, new double[] {100}));
        assertEquals(Double.NaN, fraction(0, 5, pos, new double[] {0, 0, 0, 0}));
        assertEquals(Double.NaN, fraction(Double.NaN, 1, pos, posCounts));
        assertEquals(Double.NaN, fraction(0, Double.NaN, pos, posCounts));
        assertEquals(Double.NaN, fraction(0, 1, new double[] {1, 2}, new double[] {1, 2}));
    }
}
