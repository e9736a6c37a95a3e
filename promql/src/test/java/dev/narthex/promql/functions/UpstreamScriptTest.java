package dev.narthex.promql.functions;

import static dev.narthex.promql.functions.UpstreamScripts.duration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the simplest evals of the upstream scripts straight against the kernels: every
 * {@code eval instant at T fn([scalar, ]selector[range][ anchored|smoothed][, scalar[, scalar]])}
 * whose function is a {@link RangeKernel}, whose selector is a metric name with equality matchers,
 * and whose series and expected values are floats only. Everything else is the evaluator's to check.
 */
class UpstreamScriptTest {
    private static final long LOOKBACK = 300_000;
    private static final Pattern EVAL = Pattern.compile("eval instant at (\\S+) ([a-z_]+)\\((?:(-?[0-9.]+), )?"
            + "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\[(\\w+)\\]( anchored| smoothed)?"
            + "(?:, ([\\w.]+))?(?:, ([0-9.]+))?\\)");

    @Test
    void functionsScript() throws IOException {
        int checked = run("functions.test");
        assertTrue(checked >= 121, "checked " + checked);
    }

    @Test
    void extendedVectorsScript() throws IOException {
        int checked = run("extended_vectors.test");
        assertTrue(checked >= 100, "checked " + checked);
    }

    private static int run(String file) throws IOException {
        UpstreamScripts.Outcome outcome = UpstreamScripts.run(file, UpstreamScriptTest::check);
        Assumptions.assumeTrue(outcome != null, "upstream scripts not present");
        assertEquals(List.of(), outcome.failures());
        return outcome.checked();
    }

    private static String check(String line, List<String> body, List<UpstreamScripts.Series> store) {
        Matcher m = EVAL.matcher(line);
        if (!m.matches()) {
            return null;
        }
        RangeKernel kernel = RangeKernel.forName(m.group(2));
        if (kernel == null || UpstreamScripts.outOfScope(body)) {
            return null;
        }
        long evalTs = duration(m.group(1));
        // A bare number in a range selector is seconds.
        long range = m.group(6).matches("\\d+") ? Long.parseLong(m.group(6)) * 1000 : duration(m.group(6));
        String modifier = m.group(7) == null ? "" : m.group(7).trim();
        TreeMap<String, String> matchers = UpstreamScripts.labels(m.group(5));
        matchers.put("__name__", m.group(4));
        long rangeStart = evalTs - range;
        boolean anchored = modifier.equals("anchored");
        boolean smoothed = modifier.equals("smoothed");
        double p0 = 0;
        double p1 = 0;
        if (m.group(3) != null) {
            p0 = Double.parseDouble(m.group(3));
        } else if (m.group(8) != null) {
            // predict_linear's duration may be a number of seconds or a duration literal.
            p0 = m.group(8).matches("[0-9.]+") ? Double.parseDouble(m.group(8)) : duration(m.group(8)) / 1000.0;
        }
        if (m.group(9) != null) {
            p1 = Double.parseDouble(m.group(9));
        }
        double[] out = new double[1];
        Map<String, Double> actual = new TreeMap<>();
        for (UpstreamScripts.Series s : store) {
            if (!s.labels().entrySet().containsAll(matchers.entrySet())) {
                continue;
            }
            if (s.histograms()) {
                return null;
            }
            long lo = rangeStart - (anchored || smoothed ? LOOKBACK : 0);
            long hi = evalTs + (smoothed ? LOOKBACK : 0);
            long[] ts = s.ts().get(0);
            double[] vs = s.vs().get(0);
            int from = RangeFunctions.firstAfter(ts, 0, ts.length, lo);
            int to = RangeFunctions.firstAfter(ts, 0, ts.length, hi);
            boolean output = anchored || smoothed
                ? OneWindow.extended(kernel, ts, vs, null, from, to, rangeStart, evalTs, smoothed, out)
                : OneWindow.plain(kernel, ts, vs, null, from, to, rangeStart, evalTs, evalTs, p0, p1, null, out);
            if (output) {
                actual.put(UpstreamScripts.key(s.labels()), out[0]);
            }
        }
        return UpstreamScripts.compare(UpstreamScripts.expected(body), actual);
    }
}
