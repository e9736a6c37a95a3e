package dev.narthex.promql.functions;

import static dev.narthex.promql.functions.LoadedSeries.load;
import static dev.narthex.promql.functions.LoadedSeries.min;
import static dev.narthex.promql.functions.LoadedSeries.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Known answers from upstream functions.test (line numbers cite that file). */
class OverTimeFunctionsTest {
    private interface Kernel {
        double apply(double[] vs, int from, int to);
    }

    private static double eval(Kernel k, String data, long stepMs, long evalMs, long rangeMs) {
        LoadedSeries s = load(stepMs, data);
        int from = s.from(evalMs - rangeMs);
        int to = s.to(evalMs);
        return k.apply(s.vs, from, to);
    }

    private static void near(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            assertEquals(expected, actual);
        } else {
            assertEquals(expected, actual, Math.abs(expected) * 1e-13);
        }
    }

    @Test
    void avgAndSumWithInfinitiesAndNaN() {
        // functions.test:932-1059
        String[] data = {"1 2 3 4 5", "1 2 3 4 Inf", "1 2 3 4 -Inf", "1 2 3 Inf -Inf", "Inf 0 Inf", "Inf Inf Inf -Inf",
            "1 2 3 -Inf -Inf", "-Inf 0 -Inf", "-Inf -Inf -Inf Inf", "1 2 -Inf -Inf Inf",
            "9.988465674311579e+307 9.988465674311579e+307",
            "-9.988465674311579e+307 -9.988465674311579e+307 -9.988465674311579e+307",
            "-9.988465674311579e+307 9.988465674311579e+307", "1 2 3 NaN NaN"};
        double inf = Double.POSITIVE_INFINITY;
        double nan = Double.NaN;
        double[] avg = {3, inf, -inf, nan, inf, nan, -inf, -inf, nan, nan, 9.988465674311579e+307,
            -9.988465674311579e+307, 0, nan};
        double[] sumOverCount = {3, inf, -inf, nan, inf, nan, -inf, -inf, nan, nan, inf, -inf, 0, nan};
        for (int i = 0; i < data.length; i++) {
            near(avg[i], eval(OverTimeFunctions::avg, data[i], sec(10), sec(55), min(1)));
            LoadedSeries s = load(sec(10), data[i]);
            int from = s.from(sec(55) - min(1));
            int to = s.to(sec(55));
            near(sumOverCount[i], OverTimeFunctions.sum(s.vs, from, to) / OverTimeFunctions.count(to - from));
        }
        near(5, eval(OverTimeFunctions::avg, "1 2 3 4 5", sec(10), sec(55), sec(20)));
        near(2, eval(OverTimeFunctions::avg, "1 2 3 NaN NaN", sec(10), sec(20), min(1)));
    }

    @Test
    void kahanSumKeepsSmallValues() {
        // functions.test:1080-1088
        near(2, eval(OverTimeFunctions::sum, "1 1e100 1 -1e100", sec(10), min(1), min(2)));
        near(0.5, eval(OverTimeFunctions::avg, "1 1e100 1 -1e100", sec(10), min(1), min(2)));
    }

    @Test
    void avgOfExtremeMagnitudes() {
        // functions.test:1090-1160
        near(1.6666666666666675e+09, eval(OverTimeFunctions::avg, "1e10 1e-6 1e-6 1e-6 1e-6 1e-6", sec(5), sec(55),
                min(1)));
        assertEquals(1.67186744582113, eval(OverTimeFunctions::avg,
                "5.30921651659898 0.961118537914768 1.62091361305318 0.865089463758091 0.323055185914577 "
                        + "0.951811357687154", sec(5), sec(55), min(1)), 1e-13);
        assertEquals(3.56528E+49, eval(OverTimeFunctions::avg, "1.78264e50 0.76342771 1.9592258 7.69805412 458.90154",
                sec(5), sec(55), min(1)), 1e36);
        assertEquals(3.76333333333333E+219, eval(OverTimeFunctions::avg,
                "1.78264E+50 0.76342771 1.9592258 2.258E+220 7.69805412 458.90154", sec(5), sec(55), min(1)),
                1e206);
        assertEquals(3.225714285714286e+219, eval(OverTimeFunctions::avg,
                "-1.78264E+215 0.76342771 1.9592258 2.258E+220 7.69805412 1.78264E+215 -458.90154", sec(5), sec(55),
                min(1)), 1e206);
        assertEquals(0, eval(OverTimeFunctions::avg, "-2.258E+220 -1.78264E+219 0.76342771 1.9592258 2.3757689E+217 "
                + "-2.3757689E+217 2.258E+220 7.69805412 1.78264E+219 -458.90154", sec(5), sec(55), min(1)));
    }

    @Test
    void avgFallsBackToIncrementalMeanOnOverflow() {
        double big = Double.MAX_VALUE;
        double[] vs = {big, big, big};
        near(big, OverTimeFunctions.avg(vs, 0, 3));
    }

    @Test
    void varianceOverTime() {
        // functions.test:1233-1274
        near(10.56, eval(OverTimeFunctions::stdvar, "0 8 8 2 3", sec(10), min(1), min(2)));
        assertEquals(3.249615, eval(OverTimeFunctions::stddev, "0 8 8 2 3", sec(10), min(1), min(2)), 1e-6);
        assertEquals(0, eval(OverTimeFunctions::stdvar,
                "1.5990505637277868 1.5990505637277868 1.5990505637277868", sec(10), sec(55), min(1)));
        assertEquals(0, eval(OverTimeFunctions::stddev, "1 1 1", sec(10), min(1), min(2)));
    }

    @Test
    void madOverTime() {
        // functions.test:1276-1309
        double[] scratch = new double[16];
        Kernel mad = (vs, from, to) -> OverTimeFunctions.mad(vs, from, to, scratch);
        near(1, eval(mad, "4 6 2 1 999 1 2", sec(10), sec(70), sec(70)));
        near(1, eval(mad, "1 2 3 4 5", sec(10), sec(40), sec(50)));
        near(0, eval(mad, "7 7 7 7 7", sec(10), sec(40), sec(50)));
        near(0, eval(mad, "5", sec(10), 0, sec(10)));
        near(Double.NaN, eval(mad, "1 2 NaN 4", sec(10), sec(30), sec(40)));
    }

    @Test
    void tsOfMinMaxFirstLast() {
        // functions.test:1319-1369 (load 10s53ms)
        LoadedSeries s = load(10_053, "1 2 3 0 5 6 2 1 4");
        int from = s.from(sec(0));
        int to = s.to(sec(90));
        near(30.159, OverTimeFunctions.tsOfMin(s.ts, s.vs, from, to));
        near(50.265, OverTimeFunctions.tsOfMax(s.ts, s.vs, from, to));
        LoadedSeries last = load(10_053, "1 2 3 _ _");
        near(20.106, OverTimeFunctions.tsSeconds(last.ts[last.to(sec(95)) - 1]));
        LoadedSeries first = load(10_053, "_ _ 1 2 3 _ _");
        near(20.106, OverTimeFunctions.tsSeconds(first.ts[first.from(sec(5))]));
        // The last of equal extremes wins.
        LoadedSeries ties = load(1000, "1 3 3 1");
        near(2, OverTimeFunctions.tsOfMax(ties.ts, ties.vs, 0, 4));
        near(3, OverTimeFunctions.tsOfMin(ties.ts, ties.vs, 0, 4));
    }

    @Test
    void quantileOverTime() {
        // functions.test:1371-1435
        double[] scratch = new double[8];
        String[] data = {"0 1", "0 1 2", "0 1 4"};
        double[][] expected = {{0, 0, 0}, {0.5, 1, 1}, {0.75, 1.5, 2.5}, {0.8, 1.6, 2.8}, {1, 2, 4},
            {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY},
            {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}};
        double[] qs = {0, 0.5, 0.75, 0.8, 1, -1, 2};
        for (int qi = 0; qi < qs.length; qi++) {
            double q = qs[qi];
            for (int i = 0; i < data.length; i++) {
                near(expected[qi][i], eval((vs, from, to) -> OverTimeFunctions.quantile(q, vs, from, to, scratch),
                        data[i], sec(10), min(1), min(2)));
            }
        }
        assertTrue(Quantiles.isInvalidQuantile(-1));
        assertTrue(Quantiles.isInvalidQuantile(Double.NaN));
    }

    @Test
    void minMaxWithNaN() {
        // functions.test:1585-1625
        String[] data = {"2 0 3", "2 0 NaN", "2 NaN 1", "NaN 0 1", "NaN NaN NaN"};
        double[] mins = {0, 0, 1, 0, Double.NaN};
        double[] maxs = {3, 2, 2, 1, Double.NaN};
        for (int i = 0; i < data.length; i++) {
            near(mins[i], eval(OverTimeFunctions::min, data[i], sec(10), min(1), min(2)));
            near(maxs[i], eval(OverTimeFunctions::max, data[i], sec(10), min(1), min(2)));
        }
        near(2, eval(OverTimeFunctions::min, "_ 5 2 _ 4 _", sec(10), min(1), min(2)));
        near(5, eval(OverTimeFunctions::max, "_ 5 2 _ 4 _", sec(10), min(1), min(2)));
        near(3, eval(OverTimeFunctions::last, "2 0 3", sec(10), min(1), min(2)));
        near(2, eval(OverTimeFunctions::first, "2 0 3", sec(10), min(1), min(2)));
    }
}
