package dev.narthex.promql.functions;

import static dev.narthex.promql.functions.UpstreamScripts.duration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.text.GoParseFloat;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs histograms.test's classic {@code histogram_quantile(q, x_bucket)} and
 * {@code histogram_fraction(lo, hi, x_bucket)} evals against {@link BucketQuantile}: buckets grouped
 * by their labels without {@code le}, bounds parsed with Go's rules, instant-vector lookback 5m.
 */
class UpstreamHistogramScriptTest {
    private static final long LOOKBACK = 300_000;
    private static final String NUM = "(-?[0-9.]+|NaN|[-+]?Inf)";
    private static final Pattern EVAL = Pattern.compile("eval instant at (\\S+) histogram_(quantile|fraction)\\("
            + NUM + ", (?:" + NUM + ", )?([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\)");

    @Test
    void histogramsScript() throws IOException {
        UpstreamScripts.Outcome outcome = UpstreamScripts.run("histograms.test", UpstreamHistogramScriptTest::check);
        Assumptions.assumeTrue(outcome != null, "upstream scripts not present");
        assertEquals(List.of(), outcome.failures());
        assertTrue(outcome.checked() >= 43, "checked " + outcome.checked());
    }

    private static String check(String line, List<String> body, List<UpstreamScripts.Series> store) {
        Matcher m = EVAL.matcher(line);
        if (!m.matches() || UpstreamScripts.outOfScope(body)) {
            return null;
        }
        long evalTs = duration(m.group(1));
        double a = UpstreamScripts.number(m.group(3));
        double b = m.group(4) == null ? Double.NaN : UpstreamScripts.number(m.group(4));
        boolean quantile = m.group(2).equals("quantile");
        if (quantile == (m.group(4) != null)) {
            return null;
        }
        TreeMap<String, String> matchers = UpstreamScripts.labels(m.group(6));
        matchers.put("__name__", m.group(5));
        Map<String, double[][]> groups = new LinkedHashMap<>();
        Map<String, Integer> sizes = new TreeMap<>();
        for (UpstreamScripts.Series s : store) {
            if (!s.labels().entrySet().containsAll(matchers.entrySet())) {
                continue;
            }
            if (s.histograms()) {
                return null;
            }
            long[] ts = s.ts().get(0);
            int idx = RangeFunctions.firstAfter(ts, 0, ts.length, evalTs) - 1;
            String le = s.labels().get("le");
            if (idx < 0 || ts[idx] <= evalTs - LOOKBACK || le == null || !GoParseFloat.isValid(le)) {
                continue;
            }
            TreeMap<String, String> key = new TreeMap<>(s.labels());
            key.remove("le");
            String k = UpstreamScripts.key(key);
            double[][] g = groups.computeIfAbsent(k, x -> new double[][] {new double[64], new double[64]});
            int n = sizes.getOrDefault(k, 0);
            g[0][n] = GoParseFloat.parse(le);
            g[1][n] = s.vs().get(0)[idx];
            sizes.put(k, n + 1);
        }
        if (groups.isEmpty()) {
            return null;
        }
        BucketQuantile bq = new BucketQuantile();
        Map<String, Double> actual = new TreeMap<>();
        for (Map.Entry<String, double[][]> g : groups.entrySet()) {
            int n = sizes.get(g.getKey());
            double[][] v = g.getValue();
            actual.put(g.getKey(), quantile ? bq.quantile(a, v[0], v[1], n) : BucketQuantile.fraction(a, b, v[0], v[1], n));
        }
        return UpstreamScripts.compare(UpstreamScripts.expected(body), actual);
    }
}
