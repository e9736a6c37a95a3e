package dev.narthex.promql.functions;

import static dev.narthex.promql.functions.UpstreamScripts.duration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the plain aggregation evals of upstream aggregators.test against {@link FloatAggregator}
 * and {@link KSelector}: {@code op [by|without (…)] ([param, ]selector) [by|without (…)]} over an
 * equality-matcher selector of float series, with instant-vector lookback (5m) and Prometheus's
 * input order (series sorted by label set).
 */
class UpstreamAggregationScriptTest {
    private static final long LOOKBACK = 300_000;
    private static final Pattern EVAL = Pattern.compile("eval instant at (\\S+) "
            + "(sum|avg|min|max|count|group|stddev|stdvar|quantile|topk|bottomk|limitk)"
            + "(?: ?(by|without) ?\\(([a-z_, ]*)\\))? ?\\((?:(-?[0-9.]+), )?([a-zA-Z_:][a-zA-Z0-9_:]*)?(\\{[^}]*\\})?\\)"
            + "(?: (by|without) ?\\(([a-z_, ]*)\\))?");

    @Test
    void aggregatorsScript() throws IOException {
        UpstreamScripts.Outcome outcome = UpstreamScripts.run("aggregators.test",
                UpstreamAggregationScriptTest::check);
        Assumptions.assumeTrue(outcome != null, "upstream scripts not present");
        assertEquals(List.of(), outcome.failures());
        assertTrue(outcome.checked() >= 75, "checked " + outcome.checked());
    }

    private static String check(String line, List<String> body, List<UpstreamScripts.Series> store) {
        Matcher m = EVAL.matcher(line);
        if (!m.matches() || UpstreamScripts.outOfScope(body) || (m.group(7) != null && m.group(7).contains("~"))
                || (m.group(7) != null && m.group(7).contains("!"))) {
            return null;
        }
        String op = m.group(2);
        long evalTs = duration(m.group(1));
        String mode = m.group(3) != null ? m.group(3) : m.group(8);
        String list = m.group(3) != null ? m.group(4) : m.group(9);
        List<String> grouping = list == null || list.isBlank() ? List.of()
                : Arrays.stream(list.split(",")).map(String::trim).toList();
        double param = m.group(5) == null ? 0 : Double.parseDouble(m.group(5));
        TreeMap<String, String> matchers = UpstreamScripts.labels(m.group(7));
        if (m.group(6) != null) {
            matchers.put("__name__", m.group(6));
        }
        List<UpstreamScripts.Series> selected = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (UpstreamScripts.Series s : store) {
            if (!s.labels().entrySet().containsAll(matchers.entrySet())) {
                continue;
            }
            if (s.histograms()) {
                return null;
            }
            long[] ts = s.ts().get(0);
            int idx = RangeFunctions.firstAfter(ts, 0, ts.length, evalTs) - 1;
            if (idx >= 0 && ts[idx] > evalTs - LOOKBACK) {
                selected.add(s);
                values.add(s.vs().get(0)[idx]);
            }
        }
        // Prometheus hands series to aggregations sorted by label set.
        Integer[] order = new Integer[selected.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(i -> flat(selected.get(i).labels())));
        Map<String, Integer> groupIds = new LinkedHashMap<>();
        int[] groupOf = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            groupOf[k] = groupIds.computeIfAbsent(groupKey(selected.get(order[k]).labels(), mode, grouping),
                    g -> groupIds.size());
        }
        Map<String, Double> actual = new TreeMap<>();
        List<String> actualOrder = new ArrayList<>();
        if (op.equals("topk") || op.equals("bottomk") || op.equals("limitk")) {
            long k = KSelector.k(param, order.length);
            if (k >= 1) {
                KSelector sel = new KSelector();
                sel.reset(KSelector.Mode.valueOf(op.toUpperCase()), k, groupIds.size());
                for (int j = 0; j < order.length; j++) {
                    sel.offer(groupOf[j], j, values.get(order[j]));
                }
                int[] out = new int[order.length];
                for (int g = 0; g < groupIds.size(); g++) {
                    int n = sel.sorted(g, out);
                    for (int j = 0; j < n; j++) {
                        String key = UpstreamScripts.key(selected.get(order[out[j]]).labels());
                        actual.put(key, values.get(order[out[j]]));
                        actualOrder.add(key);
                    }
                }
            }
        } else {
            FloatAggregator agg = FloatAggregator.forName(op, param);
            agg.parameter(param);
            agg.reset(groupIds.size());
            boolean[] seen = new boolean[groupIds.size()];
            for (int j = 0; j < order.length; j++) {
                double v = values.get(order[j]);
                if (seen[groupOf[j]]) {
                    agg.add(groupOf[j], v);
                } else {
                    seen[groupOf[j]] = true;
                    agg.first(groupOf[j], v);
                }
            }
            for (Map.Entry<String, Integer> g : groupIds.entrySet()) {
                actual.put(g.getKey(), agg.result(g.getValue()));
            }
        }
        String result = UpstreamScripts.compare(UpstreamScripts.expected(body), actual);
        if (result.isEmpty() && body.contains("expect ordered")) {
            List<String> expectedOrder = UpstreamScripts.expected(body).stream().map(e -> e[0]).toList();
            if (!expectedOrder.equals(actualOrder)) {
                return "order " + actualOrder + " expected " + expectedOrder;
            }
        }
        return result;
    }

    private static String groupKey(TreeMap<String, String> labels, String mode, List<String> grouping) {
        TreeMap<String, String> g = new TreeMap<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            boolean listed = grouping.contains(e.getKey());
            if ("by".equals(mode) ? listed : mode != null && !listed && !e.getKey().equals("__name__")) {
                g.put(e.getKey(), e.getValue());
            }
        }
        return UpstreamScripts.key(g);
    }

    /** Sort key matching Prometheus's label-set order for the ASCII labels of the scripts. */
    private static String flat(TreeMap<String, String> labels) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            sb.append(e.getKey()).append('\u0000').append(e.getValue()).append('\u0000');
        }
        return sb.toString();
    }
}
