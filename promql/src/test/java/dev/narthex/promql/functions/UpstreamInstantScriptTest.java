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
 * Runs the element-wise function evals of functions.test and trig_functions.test of the form
 * {@code fn(selector[, number…])} against {@link InstantFunctions}: unary math, round, clamp,
 * clamp_min, clamp_max and timestamp. Histogram samples are dropped, as these functions do.
 */
class UpstreamInstantScriptTest {
    private static final long LOOKBACK = 300_000;
    private static final Pattern EVAL = Pattern.compile("eval instant at (\\S+) ([a-z_0-9]+)\\("
            + "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?((?:, (?:-?[0-9.]+|NaN))*)\\)");

    @Test
    void functionsScript() throws IOException {
        int checked = run("functions.test");
        assertTrue(checked >= 16, "checked " + checked);
    }

    @Test
    void trigScript() throws IOException {
        int checked = run("trig_functions.test");
        assertTrue(checked >= 11, "checked " + checked);
    }

    private static int run(String file) throws IOException {
        UpstreamScripts.Outcome outcome = UpstreamScripts.run(file, UpstreamInstantScriptTest::check);
        Assumptions.assumeTrue(outcome != null, "upstream scripts not present");
        assertEquals(List.of(), outcome.failures());
        return outcome.checked();
    }

    private static String check(String line, List<String> body, List<UpstreamScripts.Series> store) {
        Matcher m = EVAL.matcher(line);
        if (!m.matches() || UpstreamScripts.outOfScope(body)) {
            return null;
        }
        String fn = m.group(2);
        String[] args = m.group(5).isEmpty() ? new String[0] : m.group(5).substring(2).split(", ");
        double[] params = new double[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = UpstreamScripts.number(args[i]);
        }
        UnaryFunction unary = UnaryFunction.forName(fn);
        boolean known = (unary != null && params.length == 0) || fn.equals("round") || fn.startsWith("clamp")
                || fn.equals("timestamp");
        if (!known) {
            return null;
        }
        long evalTs = duration(m.group(1));
        TreeMap<String, String> matchers = UpstreamScripts.labels(m.group(4));
        matchers.put("__name__", m.group(3));
        Map<String, Double> actual = new TreeMap<>();
        for (UpstreamScripts.Series s : store) {
            if (!s.labels().entrySet().containsAll(matchers.entrySet()) || s.onlyHistograms()) {
                continue;
            }
            if (s.histograms()) {
                return null;
            }
            long[] ts = s.ts().get(0);
            int idx = RangeFunctions.firstAfter(ts, 0, ts.length, evalTs) - 1;
            if (idx < 0 || ts[idx] <= evalTs - LOOKBACK) {
                continue;
            }
            double v = s.vs().get(0)[idx];
            double out;
            switch (fn) {
                case "round" -> out = InstantFunctions.round(v, params.length > 0 ? params[0] : 1);
                case "clamp" -> {
                    if (!InstantFunctions.clampHasOutput(params[0], params[1])) {
                        continue;
                    }
                    out = InstantFunctions.clamp(v, params[0], params[1]);
                }
                case "clamp_min" -> out = InstantFunctions.clampMin(v, params[0]);
                case "clamp_max" -> out = InstantFunctions.clampMax(v, params[0]);
                case "timestamp" -> out = InstantFunctions.timestampSeconds(ts[idx]);
                default -> out = unary.apply(v);
            }
            actual.put(UpstreamScripts.key(s.labels()), out);
        }
        return UpstreamScripts.compare(UpstreamScripts.expected(body), actual);
    }
}
