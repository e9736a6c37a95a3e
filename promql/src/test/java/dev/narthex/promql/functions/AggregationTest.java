package dev.narthex.promql.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Known answers from upstream aggregators.test and limit.test (line numbers cite those files). */
class AggregationTest {
    private static double aggregate(String op, double param, double... values) {
        FloatAggregator a = FloatAggregator.forName(op, param);
        a.parameter(param);
        a.reset(1);
        a.first(0, values[0]);
        for (int i = 1; i < values.length; i++) {
            a.add(0, values[i]);
        }
        return a.result(0);
    }

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;
    private static final double BIG = 9.988465674311579e+307;

    @Test
    void sumAndAvgWithExtremes() {
        // aggregators.test:600-720
        assertEquals(10, aggregate("sum", 0, 2, 8, 1e100, -1e100));
        assertEquals(2.5, aggregate("avg", 0, 2, 8, 1e100, -1e100));
        assertEquals(INF, aggregate("sum", 0, INF, 2));
        assertEquals(INF, aggregate("avg", 0, 2, INF));
        assertEquals(-INF, aggregate("avg", 0, -INF, 2));
        assertEquals(NAN, aggregate("sum", 0, INF, -INF));
        assertEquals(NAN, aggregate("avg", 0, INF, -INF));
        assertEquals(NAN, aggregate("sum", 0, NAN, 2));
        assertEquals(BIG, aggregate("avg", 0, BIG, BIG, BIG, BIG));
        assertEquals(-BIG, aggregate("avg", 0, -BIG, -BIG, -BIG, -BIG));
        assertEquals(0, aggregate("avg", 0, -BIG, -BIG, BIG, BIG));
        assertEquals(NAN, aggregate("avg", 0, -INF, 0, INF));
    }

    @Test
    void minMaxNaNRules() {
        assertEquals(1, aggregate("min", 0, NAN, 3, 1));
        assertEquals(3, aggregate("max", 0, NAN, 3, 1));
        assertEquals(1, aggregate("min", 0, 1, NAN));
        assertEquals(NAN, aggregate("max", 0, NAN, NAN));
    }

    @Test
    void countAndGroup() {
        assertEquals(3, aggregate("count", 0, NAN, 3, 1));
        assertEquals(1, aggregate("group", 0, 5, 7));
        assertNull(FloatAggregator.forName("topk", 1));
    }

    @Test
    void stddevAndStdvar() {
        // aggregators.test:184-209, 798-850
        double[] v = {100, 200, 300, 400, 500, 600, 700, 800};
        assertEquals(52500, aggregate("stdvar", 0, v), 1e-9);
        assertEquals(229.12878474779, aggregate("stddev", 0, v), 1e-9);
        assertEquals(0.25, aggregate("stdvar", 0, 1, 2));
        assertEquals(0.5, aggregate("stddev", 0, 1, 2));
        double x = 0;
        for (int i = 0; i < 10; i++) {
            x = x + 1.33;
        }
        assertEquals(0.0, aggregate("stddev", 0, x, x, x));
        assertEquals(NAN, aggregate("stddev", 0, NAN, 1, 2));
        assertEquals(NAN, aggregate("stdvar", 0, INF, 1));
        assertEquals(0, aggregate("stdvar", 0, 7));
    }

    @Test
    void quantileTreatsNaNAsSmallest() {
        // aggregators.test:488-520
        assertEquals(0.8, aggregate("quantile", 0.8, 0, 1), 1e-12);
        assertEquals(1.6, aggregate("quantile", 0.8, 0, 1, 2), 1e-12);
        assertEquals(2.8, aggregate("quantile", 0.8, 0, 1, 4), 1e-12);
        assertEquals(0.6, aggregate("quantile", 0.8, 0, 1, NAN), 1e-12);
        assertEquals(0.4, aggregate("quantile", 0.2, 0, 1, 4), 1e-12);
        assertEquals(NAN, aggregate("quantile", 0.2, 0, 1, NAN));
        assertEquals(-INF, aggregate("quantile", -1, 0, 1));
        assertEquals(INF, aggregate("quantile", 1.5, 0, 1));
        assertEquals(NAN, aggregate("quantile", NAN, 0, 1));
    }

    @Test
    void aggregatorsReuseAcrossSteps() {
        FloatAggregator sum = FloatAggregator.forName("sum", 0);
        sum.reset(3);
        sum.first(2, 5);
        sum.first(0, 1);
        sum.add(2, 6);
        assertEquals(1, sum.result(0));
        assertEquals(11, sum.result(2));
        sum.reset(2);
        sum.first(0, 4);
        assertEquals(4, sum.result(0));
        FloatAggregator q = FloatAggregator.forName("quantile", 0.5);
        q.reset(1);
        for (int i = 0; i < 20; i++) {
            if (i == 0) {
                q.first(0, i);
            } else {
                q.add(0, i);
            }
        }
        assertEquals(9.5, q.result(0));
        q.parameter(1);
        assertEquals(19, q.result(0));
    }

    /** The http_requests values at 50m in Prometheus's input (label) order, aggregators.test:273-283. */
    private static final double[] TOPK_INPUT = {300, 700, 400, 800, 100, 500, 200, 600, NAN};

    private static int[] select(KSelector.Mode mode, long k, double... values) {
        KSelector s = new KSelector();
        s.reset(mode, k, 1);
        for (int i = 0; i < values.length; i++) {
            s.offer(0, i, values[i]);
        }
        int[] out = new int[values.length];
        return Arrays.copyOf(out, s.sorted(0, out));
    }

    @Test
    void topkAndBottomk() {
        // aggregators.test:287-341
        assertArrayEquals(new int[] {3, 1, 7}, select(KSelector.Mode.TOPK, 3, TOPK_INPUT));
        assertArrayEquals(new int[] {4, 6, 0}, select(KSelector.Mode.BOTTOMK, 3, TOPK_INPUT));
        // api-server production: instances 0 (100), 1 (200), 2 (NaN); NaN sorts last either way.
        assertArrayEquals(new int[] {1, 0, 2}, select(KSelector.Mode.TOPK, 3, 100, 200, NAN));
        assertArrayEquals(new int[] {0, 1, 2}, select(KSelector.Mode.BOTTOMK, 3, 100, 200, NAN));
        // NaN is replaced by any number once the heap is full.
        assertArrayEquals(new int[] {1}, select(KSelector.Mode.TOPK, 1, NAN, 5));
        assertArrayEquals(new int[] {1}, select(KSelector.Mode.BOTTOMK, 1, NAN, 5));
        // Ties keep the earlier series.
        assertArrayEquals(new int[] {0}, select(KSelector.Mode.TOPK, 1, 7, 7, 7));
        assertEquals(2, KSelector.k(9999999999.0, 2));
        assertEquals(Long.MIN_VALUE, KSelector.k(NAN, 5));
        assertTrue(KSelector.overflows(1e19));
        assertEquals("Scalar value 1e+19 overflows int64", KSelector.overflowMessage(1e19));
    }

    @Test
    void largeTopkIsSortedWithNaNLast() {
        double[] values = new double[100];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i * 37) % 100;
        }
        values[50] = NAN;
        int[] top = select(KSelector.Mode.TOPK, 30, values);
        assertEquals(30, top.length);
        for (int i = 0; i < top.length; i++) {
            assertEquals(99 - i, values[top[i]]);
        }
        int[] all = select(KSelector.Mode.BOTTOMK, 100, values);
        assertEquals(NAN, values[all[99]]);
        for (int i = 1; i < 99; i++) {
            assertTrue(values[all[i - 1]] < values[all[i]]);
        }
    }

    @Test
    void limitkKeepsFirstSeriesInHeapOrder() {
        KSelector s = new KSelector();
        s.reset(KSelector.Mode.LIMITK, 2, 1);
        assertTrue(s.offer(0, 0, 5));
        assertFalse(s.offer(0, 1, 1));
        assertFalse(s.offer(0, 2, 0));
        int[] out = new int[3];
        assertEquals(2, s.sorted(0, out));
        // Go pushes onto a value heap, so the smaller value comes first.
        assertArrayEquals(new int[] {1, 0}, Arrays.copyOf(out, 2));
    }

    @Test
    void xxhash64KnownVectors() {
        assertEquals(0xEF46DB3751D8E999L, hash(""));
        assertEquals(0xD24EC4F1A98C6E5BL, hash("a"));
        assertEquals(0x44BC2CF5AD770999L, hash("abc"));
        assertEquals(0xFBCEA83C8A378BF1L, hash("Nobody inspects the spammish repetition"));
    }

    private static long hash(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return XxHash64.hash(b, 0, b.length);
    }

    @Test
    void limitRatioSelectsComplementaryHalves() {
        // limit.test:5-13 and 102-158: about half of the series for 0.5; r and -(1-r) are complements.
        String[][] series = {{"production", "0"}, {"production", "1"}, {"canary", "0"}, {"canary", "1"},
            {"canary", "2"}, {"canary", "3"}, {"canary", "histogram_1"}, {"canary", "histogram_2"}};
        LimitRatio lr = new LimitRatio();
        int half = 0;
        for (String[] s : series) {
            Labels l = Labels.of("__name__", "http_requests", "job", "api-server", "instance", s[1], "group", s[0]);
            double offset = lr.sampleOffset(l);
            assertTrue(offset >= 0 && offset <= 1);
            if (LimitRatio.accept(0.5, offset)) {
                half++;
            }
            for (double r : new double[] {0.2, 0.5, 0.8, 3.0 / 17}) {
                assertTrue(LimitRatio.accept(r, offset) != LimitRatio.accept(-(1 - r), offset));
            }
            assertTrue(LimitRatio.accept(1, offset));
            assertTrue(LimitRatio.accept(-1, offset));
            assertFalse(LimitRatio.accept(0, offset));
        }
        assertTrue(half >= 3 && half <= 5, "selected " + half);
        assertEquals(1.0, LimitRatio.cap(1.1));
        assertEquals(-1.0, LimitRatio.cap(-1.1));
        assertEquals("PromQL warning: ratio value should be between -1 and 1, got 1.1, capping to 1",
                Annotations.invalidRatio(1.1, 1));
    }

    @Test
    void labelHashUsesLengthPrefixedPairs() {
        // Prometheus's stringlabels encoding: each string prefixed by its length byte.
        LimitRatio lr = new LimitRatio();
        byte[] enc = {1, 'a', 1, 'b'};
        assertEquals(XxHash64.hash(enc, 0, enc.length), lr.labelsHash(Labels.of("a", "b")));
        String longValue = "v".repeat(300);
        byte[] encLong = new byte[1 + 1 + 4 + 300];
        encLong[0] = 1;
        encLong[1] = 'a';
        encLong[2] = (byte) 255;
        encLong[3] = (byte) (300 & 0xff);
        encLong[4] = (byte) (300 >> 8);
        encLong[5] = 0;
        Arrays.fill(encLong, 6, encLong.length, (byte) 'v');
        assertEquals(XxHash64.hash(encLong, 0, encLong.length), lr.labelsHash(Labels.of("a", longValue)));
    }

    @Test
    void unsignedConversionRoundsLikeGo() {
        assertEquals(18446744073709551615.0, LimitRatio.unsignedToDouble(-1L));
        assertEquals(9223372036854775808.0, LimitRatio.unsignedToDouble(Long.MIN_VALUE));
        assertEquals(1.0, LimitRatio.unsignedToDouble(1L));
    }
}
