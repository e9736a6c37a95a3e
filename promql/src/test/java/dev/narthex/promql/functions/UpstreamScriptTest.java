package dev.narthex.promql.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the simplest evals of the upstream scripts straight against the kernels: every
 * {@code eval instant at T fn(selector[range])} (optionally anchored/smoothed) whose function is a
 * {@link RangeKernel}, whose selector is a metric name with equality matchers, and whose series and
 * expected values are floats only. Everything else in the scripts is the evaluator's to check.
 */
class UpstreamScriptTest {
    private static final Path DIR = Path.of("/work/shared/promql-tests/upstream");
    private static final long LOOKBACK = 300_000;
    private static final Pattern EVAL = Pattern.compile(
            "eval instant at (\\S+) ([a-z_]+)\\(([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\[(\\w+)\\]( anchored| smoothed)?\\)");
    private static final Pattern LABEL = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");

    private record Series(TreeMap<String, String> labels, List<long[]> ts, List<double[]> vs, boolean histograms) {
    }

    @Test
    void functionsScript() throws IOException {
        int checked = run("functions.test");
        assertTrue(checked >= 109, "checked " + checked);
    }

    @Test
    void extendedVectorsScript() throws IOException {
        int checked = run("extended_vectors.test");
        assertTrue(checked >= 100, "checked " + checked);
    }

    private static int run(String file) throws IOException {
        Path p = DIR.resolve(file);
        Assumptions.assumeTrue(Files.exists(p), "upstream scripts not present");
        List<String> lines = Files.readAllLines(p);
        List<Series> store = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.equals("clear")) {
                store.clear();
            } else if (line.startsWith("load")) {
                long step = duration(line.substring(line.indexOf(' ') + 1).trim());
                while (i + 1 < lines.size() && !lines.get(i + 1).trim().isEmpty()
                        && !lines.get(i + 1).trim().startsWith("#")) {
                    load(store, lines.get(++i).trim(), step);
                }
            } else if (line.startsWith("eval ")) {
                List<String> body = new ArrayList<>();
                while (i + 1 < lines.size() && !lines.get(i + 1).trim().isEmpty()
                        && !lines.get(i + 1).trim().startsWith("#")) {
                    body.add(lines.get(++i).trim());
                }
                String result = check(file, i, line, body, store);
                if (result == null) {
                    continue;
                }
                checked++;
                if (!result.isEmpty()) {
                    failures.add(result);
                }
            }
        }
        assertEquals(List.of(), failures);
        return checked;
    }

    /** Null when the eval is out of scope; "" when it passed; otherwise a description of the failure. */
    private static String check(String file, int lineNo, String line, List<String> body, List<Series> store) {
        Matcher m = EVAL.matcher(line);
        if (!m.matches()) {
            return null;
        }
        RangeKernel kernel = RangeKernel.forName(m.group(2));
        if (kernel == null || body.stream().anyMatch(b -> b.startsWith("expect fail") || b.contains("{{"))) {
            return null;
        }
        long evalTs = duration(m.group(1));
        // A bare number in a range selector is seconds.
        long range = m.group(5).matches("\\d+") ? Long.parseLong(m.group(5)) * 1000 : duration(m.group(5));
        String modifier = m.group(6) == null ? "" : m.group(6).trim();
        TreeMap<String, String> matchers = labels(m.group(4));
        matchers.put("__name__", m.group(3));
        RangeWindow w = new RangeWindow().range(evalTs - range, evalTs, evalTs);
        w.anchored = modifier.equals("anchored");
        w.smoothed = modifier.equals("smoothed");
        Map<String, Double> actual = new TreeMap<>();
        for (Series s : store) {
            if (!s.labels.entrySet().containsAll(matchers.entrySet())) {
                continue;
            }
            if (s.histograms) {
                return null;
            }
            long lo = w.rangeStartMs - (w.anchored || w.smoothed ? LOOKBACK : 0);
            long hi = w.rangeEndMs + (w.smoothed ? LOOKBACK : 0);
            long[] ts = s.ts.get(0);
            double[] vs = s.vs.get(0);
            int from = RangeFunctions.firstAfter(ts, 0, ts.length, lo);
            int to = RangeFunctions.firstAfter(ts, 0, ts.length, hi);
            if (kernel.hasOutput(ts, vs, from, to, w)) {
                actual.put(key(s.labels), kernel.apply(ts, vs, from, to, w));
            }
        }
        Map<String, Double> expected = new TreeMap<>();
        for (String b : body) {
            if (b.startsWith("expect")) {
                continue;
            }
            int close = b.lastIndexOf('}');
            String lbl = close < 0 ? "" : b.substring(b.indexOf('{'), close + 1);
            String value = (close < 0 ? b : b.substring(close + 1)).trim();
            expected.put(key(labels(lbl)), number(value));
        }
        String where = file + ":" + (lineNo + 1 - body.size()) + " " + line;
        if (!expected.keySet().equals(actual.keySet())) {
            return where + " series " + actual.keySet() + " expected " + expected.keySet();
        }
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            if (!AlmostEqual.equal(e.getValue(), actual.get(e.getKey()), 1e-6)) {
                return where + " " + e.getKey() + " = " + actual.get(e.getKey()) + " expected " + e.getValue();
            }
        }
        return "";
    }

    private static String key(TreeMap<String, String> labels) {
        TreeMap<String, String> copy = new TreeMap<>(labels);
        copy.remove("__name__");
        return copy.toString();
    }

    private static void load(List<Series> store, String line, long step) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        int tab = line.indexOf('\t');
        int nameEnd = space < 0 ? tab : tab < 0 ? space : Math.min(space, tab);
        TreeMap<String, String> labels;
        String values;
        if (brace >= 0 && brace < nameEnd) {
            int close = line.indexOf('}', brace);
            labels = labels(line.substring(brace, close + 1));
            if (brace > 0) {
                labels.put("__name__", line.substring(0, brace));
            }
            values = line.substring(close + 1).trim();
        } else {
            labels = new TreeMap<>();
            labels.put("__name__", line.substring(0, nameEnd));
            values = line.substring(nameEnd).trim();
        }
        boolean histograms = values.contains("{{");
        LoadedSeries loaded = histograms ? LoadedSeries.load(step, "_") : LoadedSeries.load(step, values);
        for (Series s : store) {
            if (s.labels.equals(labels)) {
                // A later block adds samples to the same series.
                long[] ts = concat(s.ts.get(0), loaded.ts);
                double[] vs = concat(s.vs.get(0), loaded.vs);
                s.ts.set(0, ts);
                s.vs.set(0, vs);
                if (histograms) {
                    store.set(store.indexOf(s), new Series(s.labels, s.ts, s.vs, true));
                }
                return;
            }
        }
        List<long[]> ts = new ArrayList<>(List.of(loaded.ts));
        List<double[]> vs = new ArrayList<>(List.of(loaded.vs));
        store.add(new Series(labels, ts, vs, histograms));
    }

    private static long[] concat(long[] a, long[] b) {
        long[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static TreeMap<String, String> labels(String set) {
        TreeMap<String, String> labels = new TreeMap<>();
        if (set == null || set.length() < 2) {
            return labels;
        }
        Matcher m = LABEL.matcher(set.substring(1, set.length() - 1));
        while (m.find()) {
            labels.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return labels;
    }

    private static double number(String s) {
        switch (s.toLowerCase()) {
            case "nan": return Double.NaN;
            case "inf": case "+inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            default: return Double.parseDouble(s);
        }
    }

    private static long duration(String s) {
        if (s.equals("0")) {
            return 0;
        }
        Matcher m = Pattern.compile("(\\d+)(ms|y|w|d|h|m|s)").matcher(s);
        long total = 0;
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "y": total += n * 365 * 86_400_000L; break;
                case "w": total += n * 7 * 86_400_000L; break;
                case "d": total += n * 86_400_000L; break;
                case "h": total += n * 3_600_000L; break;
                case "m": total += n * 60_000L; break;
                case "s": total += n * 1000L; break;
                default: total += n; break;
            }
        }
        return total;
    }
}
