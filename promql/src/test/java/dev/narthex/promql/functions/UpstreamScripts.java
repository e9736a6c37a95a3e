package dev.narthex.promql.functions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading the upstream promql test scripts for the script-driven kernel tests: loads, labels, durations. */
final class UpstreamScripts {
    static final Path DIR = Path.of("/work/shared/promql-tests/upstream");
    private static final Pattern LABEL =
            Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");

    /**
     * A loaded float series; {@code histograms} marks series with native histogram samples (not
     * loaded), {@code onlyHistograms} those without any float sample.
     */
    record Series(TreeMap<String, String> labels, List<long[]> ts, List<double[]> vs, boolean histograms,
            boolean onlyHistograms) {
    }

    private UpstreamScripts() {
    }

    /** Checks one eval command: null if out of scope, "" if it passed, else a failure description. */
    interface EvalCheck {
        String check(String evalLine, List<String> body, List<Series> store);
    }

    /** The outcome of running a script: evals checked and failures. */
    record Outcome(int checked, List<String> failures) {
    }

    /** Runs a script's load/clear commands and hands each eval to the check; null if the file is absent. */
    static Outcome run(String file, EvalCheck check) throws IOException {
        Path p = DIR.resolve(file);
        if (!Files.exists(p)) {
            return null;
        }
        List<String> lines = Files.readAllLines(p);
        List<Series> store = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int lineNo = i + 1;
            List<String> body = new ArrayList<>();
            // clear has no body; load and eval extend to the next empty or comment line.
            while (!line.equals("clear") && i + 1 < lines.size() && !lines.get(i + 1).trim().isEmpty()
                    && !lines.get(i + 1).trim().startsWith("#")) {
                body.add(lines.get(++i).trim());
            }
            if (line.equals("clear")) {
                store.clear();
            } else if (line.startsWith("load")) {
                long step = duration(line.substring(line.indexOf(' ') + 1).trim());
                for (String b : body) {
                    load(store, b, step);
                }
            } else if (line.startsWith("eval ")) {
                String result = check.check(line, body, store);
                if (result != null) {
                    checked++;
                    if (!result.isEmpty()) {
                        failures.add(file + ":" + lineNo + " " + line + ": " + result);
                    }
                }
            }
        }
        return new Outcome(checked, failures);
    }

    /** Whether an eval expects a failure or a histogram result (out of scope for float kernels). */
    static boolean outOfScope(List<String> body) {
        return body.stream().anyMatch(b -> b.startsWith("expect fail") || b.contains("{{"));
    }

    /** Compares results by label key (name dropped) with the runner's 1e-6 relative tolerance. */
    static String compare(List<String[]> expected, java.util.Map<String, Double> actual) {
        java.util.Map<String, Double> exp = new TreeMap<>();
        for (String[] e : expected) {
            exp.put(e[0], number(e[1]));
        }
        if (!exp.keySet().equals(actual.keySet())) {
            return "series " + actual.keySet() + " expected " + exp.keySet();
        }
        for (java.util.Map.Entry<String, Double> e : exp.entrySet()) {
            if (!AlmostEqual.equal(e.getValue(), actual.get(e.getKey()), 1e-6)) {
                return e.getKey() + " = " + actual.get(e.getKey()) + " expected " + e.getValue();
            }
        }
        return "";
    }

    /** Parses expected result lines into label key (without __name__) and value, in order. */
    static List<String[]> expected(List<String> body) {
        List<String[]> out = new ArrayList<>();
        for (String b : body) {
            if (b.startsWith("expect")) {
                continue;
            }
            int close = b.lastIndexOf('}');
            String lbl = close < 0 ? "" : b.substring(b.indexOf('{'), close + 1);
            String value = (close < 0 ? b : b.substring(close + 1)).trim();
            out.add(new String[] {key(labels(lbl)), value});
        }
        return out;
    }

    static String key(TreeMap<String, String> labels) {
        TreeMap<String, String> copy = new TreeMap<>(labels);
        copy.remove("__name__");
        return copy.toString();
    }

    static void load(List<Series> store, String line, long step) {
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
        boolean onlyHistograms = histograms
                && values.replaceAll("\\{\\{[^}]*\\}\\}([+-]\\{\\{[^}]*\\}\\})?(x\\d+)?", "").isBlank();
        LoadedSeries loaded = histograms ? LoadedSeries.load(step, "_") : LoadedSeries.load(step, values);
        for (Series s : store) {
            if (s.labels.equals(labels)) {
                // A later block adds samples to the same series.
                long[] ts = concat(s.ts.get(0), loaded.ts);
                double[] vs = concat(s.vs.get(0), loaded.vs);
                s.ts.set(0, ts);
                s.vs.set(0, vs);
                if (histograms) {
                    store.set(store.indexOf(s), new Series(s.labels, s.ts, s.vs, true, s.onlyHistograms && onlyHistograms));
                }
                return;
            }
        }
        List<long[]> ts = new ArrayList<>(List.of(loaded.ts));
        List<double[]> vs = new ArrayList<>(List.of(loaded.vs));
        store.add(new Series(labels, ts, vs, histograms, onlyHistograms));
    }

    static long[] concat(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static double[] concat(double[] a, double[] b) {
        double[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static TreeMap<String, String> labels(String set) {
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

    static double number(String s) {
        switch (s.toLowerCase()) {
            case "nan": return Double.NaN;
            case "inf": case "+inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            default: return Double.parseDouble(s);
        }
    }

    static long duration(String s) {
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
