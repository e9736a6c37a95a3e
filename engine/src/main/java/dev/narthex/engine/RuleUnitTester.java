package dev.narthex.engine;

import dev.narthex.storage.text.PromDuration;
import dev.narthex.engine.rules.Alert;
import dev.narthex.engine.rules.RuleFileException;
import dev.narthex.engine.rules.RuleFiles;
import dev.narthex.engine.template.TemplateValues.GoDuration;
import dev.narthex.engine.yaml.YamlSyntaxException;
import dev.narthex.engine.yaml.YamlTree;
import dev.narthex.promql.parse.ParseException;
import dev.narthex.promql.parse.PromqlParser;
import dev.narthex.promql.series.SeriesNotation;
import dev.narthex.promql.value.Sample;
import dev.narthex.storage.Labels;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * promtool's {@code test rules}: runs rule unit-test files and prints promtool's report, returning its
 * exit code (0 all passed, 1 any failed). Per file: {@code "  SUCCESS"} on stdout, or
 * {@code "  FAILED:"} and each error on stderr (with a blank line on stdout after each), then a blank line.
 */
public final class RuleUnitTester {
    public static final int SUCCESS = 0;
    public static final int FAILURE = 1;

    private static final Set<String> FILE_FIELDS = Set.of("rule_files", "evaluation_interval", "group_eval_order", "tests", "fuzzy_compare");
    private static final Set<String> GROUP_FIELDS = Set.of("interval", "input_series", "alert_rule_test", "promql_expr_test",
            "external_labels", "external_url", "name", "start_timestamp");
    private static final Set<String> SERIES_FIELDS = Set.of("series", "values");
    private static final Set<String> ALERT_TEST_FIELDS = Set.of("eval_time", "alertname", "exp_alerts");
    private static final Set<String> ALERT_FIELDS = Set.of("exp_labels", "exp_annotations");
    private static final Set<String> PROMQL_FIELDS = Set.of("expr", "eval_time", "exp_samples");
    private static final Set<String> SAMPLE_FIELDS = Set.of("labels", "value", "histogram");

    private final PrintStream out;
    private final PrintStream err;

    public RuleUnitTester(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs every file; the exit code promtool would return. */
    public int run(List<Path> files) {
        boolean failed = false;
        for (Path f : files) {
            List<String> errs = runFile(f);
            if (!errs.isEmpty()) {
                err.println("  FAILED:");
                for (String e : errs) {
                    err.println(e);
                    out.println();
                }
                failed = true;
            } else {
                out.println("  SUCCESS");
            }
            out.println();
        }
        out.flush();
        err.flush();
        return failed ? FAILURE : SUCCESS;
    }

    /** The errors of one file, empty when every test passed. */
    public List<String> runFile(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of("open " + file + ": no such file or directory");
        }
        List<String> decode = new ArrayList<>();
        YamlTree root;
        try {
            root = YamlTree.parse(content);
        } catch (YamlSyntaxException e) {
            return List.of(e.getMessage());
        }
        if (root == null) {
            return List.of();
        }
        Map<String, YamlTree> f = root.fields(decode, "main.unitTestFile", FILE_FIELDS);
        List<String> ruleFiles = new ArrayList<>();
        if (f.containsKey("rule_files")) {
            for (YamlTree t : f.get("rule_files").seq(decode, "[]string")) {
                ruleFiles.add(t.str(decode, "string"));
            }
        }
        long evalInterval = YamlTree.durationMillis(f.get("evaluation_interval"), decode);
        List<String> order = new ArrayList<>();
        if (f.containsKey("group_eval_order")) {
            for (YamlTree t : f.get("group_eval_order").seq(decode, "[]string")) {
                order.add(t.str(decode, "string"));
            }
        }
        boolean fuzzy = f.containsKey("fuzzy_compare") && "true".equals(f.get("fuzzy_compare").str(decode, "bool"));
        List<TestGroup> tests = new ArrayList<>();
        if (f.containsKey("tests")) {
            for (YamlTree t : f.get("tests").seq(decode, "[]main.testGroup")) {
                tests.add(testGroup(t, decode));
            }
        }
        if (!decode.isEmpty()) {
            return List.of(decode.size() == 1 && !decode.get(0).startsWith("line ") ? decode.get(0)
                    : "yaml: unmarshal errors:\n  " + String.join("\n  ", decode));
        }
        List<Path> resolved;
        try {
            // relative to the test file as it was named, so messages show paths as promtool does
            Path base = file.getParent() == null ? Path.of("") : file.getParent();
            resolved = new ArrayList<>();
            for (String rf : ruleFiles) {
                List<Path> m = RuleFiles.expand(base, List.of(rf));
                if (m.isEmpty()) {
                    err.println("  WARNING: no file match pattern " + (Path.of(rf).isAbsolute() ? rf : base.resolve(rf).normalize()));
                }
                resolved.addAll(m);
            }
        } catch (IOException e) {
            return List.of(String.valueOf(e.getMessage()));
        }
        if (evalInterval == 0) {
            evalInterval = 60_000;
        }
        Set<String> seen = new TreeSet<>();
        for (String g : order) {
            if (!seen.add(g)) {
                return List.of("group name repeated in evaluation order: " + g);
            }
        }
        List<String> errs = new ArrayList<>();
        for (TestGroup tg : tests) {
            errs.addAll(tg.run(evalInterval, order, fuzzy, resolved));
        }
        return errs;
    }

    private record SeriesInput(String series, String values) {
    }

    private record ExpAlert(Map<String, String> labels, Map<String, String> annotations) {
    }

    private record AlertTest(long evalTime, String alertname, List<ExpAlert> expAlerts) {
    }

    private record ExpSample(String labels, double value) {
    }

    private record PromqlTest(String expr, long evalTime, List<ExpSample> expSamples) {
    }

    private TestGroup testGroup(YamlTree t, List<String> decode) {
        Map<String, YamlTree> f = t.fields(decode, "main.testGroup", GROUP_FIELDS);
        TestGroup g = new TestGroup();
        g.interval = YamlTree.durationMillis(f.get("interval"), decode);
        g.name = f.containsKey("name") ? f.get("name").str(decode, "string") : "";
        g.externalUrl = f.containsKey("external_url") ? f.get("external_url").str(decode, "string") : "";
        g.externalLabels = f.containsKey("external_labels") ? Labels.of(f.get("external_labels").stringMap(decode)) : Labels.EMPTY;
        if (f.containsKey("start_timestamp")) {
            String s = f.get("start_timestamp").str(decode, "string");
            try {
                g.startMs = s.matches("-?[0-9]+(\\.[0-9]+)?") ? (long) (Double.parseDouble(s) * 1000) : Instant.parse(s).toEpochMilli();
            } catch (RuntimeException e) {
                decode.add("cannot parse \"" + s + "\" to a valid timestamp");
            }
        }
        if (f.containsKey("input_series")) {
            for (YamlTree s : f.get("input_series").seq(decode, "[]main.series")) {
                Map<String, YamlTree> sf = s.fields(decode, "main.series", SERIES_FIELDS);
                g.inputs.add(new SeriesInput(sf.containsKey("series") ? sf.get("series").str(decode, "string") : "",
                        sf.containsKey("values") ? sf.get("values").str(decode, "string") : ""));
            }
        }
        if (f.containsKey("alert_rule_test")) {
            for (YamlTree a : f.get("alert_rule_test").seq(decode, "[]main.alertTestCase")) {
                Map<String, YamlTree> af = a.fields(decode, "main.alertTestCase", ALERT_TEST_FIELDS);
                List<ExpAlert> exp = new ArrayList<>();
                if (af.containsKey("exp_alerts")) {
                    for (YamlTree e : af.get("exp_alerts").seq(decode, "[]main.alert")) {
                        Map<String, YamlTree> ef = e.fields(decode, "main.alert", ALERT_FIELDS);
                        exp.add(new ExpAlert(ef.containsKey("exp_labels") ? ef.get("exp_labels").stringMap(decode) : new LinkedHashMap<>(),
                                ef.containsKey("exp_annotations") ? ef.get("exp_annotations").stringMap(decode) : new LinkedHashMap<>()));
                    }
                }
                g.alertTests.add(new AlertTest(YamlTree.durationMillis(af.get("eval_time"), decode),
                        af.containsKey("alertname") ? af.get("alertname").str(decode, "string") : "", exp));
            }
        }
        if (f.containsKey("promql_expr_test")) {
            for (YamlTree p : f.get("promql_expr_test").seq(decode, "[]main.promqlTestCase")) {
                Map<String, YamlTree> pf = p.fields(decode, "main.promqlTestCase", PROMQL_FIELDS);
                List<ExpSample> exp = new ArrayList<>();
                if (pf.containsKey("exp_samples")) {
                    for (YamlTree e : pf.get("exp_samples").seq(decode, "[]main.sample")) {
                        Map<String, YamlTree> ef = e.fields(decode, "main.sample", SAMPLE_FIELDS);
                        String v = ef.containsKey("value") ? ef.get("value").str(decode, "float64") : "0";
                        double value = 0;
                        try {
                            value = v == null || v.isEmpty() ? 0 : SeriesNotation.number(v.replace(".inf", "inf").replace(".nan", "nan"));
                        } catch (NumberFormatException ex) {
                            decode.add("line " + ef.get("value").line() + ": cannot unmarshal !!str `" + v + "` into float64");
                        }
                        exp.add(new ExpSample(ef.containsKey("labels") ? ef.get("labels").str(decode, "string") : "", value));
                    }
                }
                g.promqlTests.add(new PromqlTest(pf.containsKey("expr") ? pf.get("expr").str(decode, "string") : "",
                        YamlTree.durationMillis(pf.get("eval_time"), decode), exp));
            }
        }
        return g;
    }

    /**
     * promtool loads input series as lines 2.. of a {@code load} command, so a selector that does not
     * parse is reported at that line, with the column counted over {@code series values}.
     */
    private static String inputError(int index, SeriesInput s, RuntimeException e) {
        try {
            PromqlParser.parseMetricSelector(s.series() + " " + s.values());
        } catch (ParseException pe) {
            String m = pe.getMessage();
            return m.startsWith("1:") ? (index + 2) + m.substring(1) : m;
        } catch (RuntimeException other) {
            // the selector alone is fine; report the original problem
        }
        return String.valueOf(e.getMessage());
    }

    /** One entry of {@code tests}. */
    private final class TestGroup {
        long interval;
        String name = "";
        String externalUrl = "";
        Labels externalLabels = Labels.EMPTY;
        long startMs;
        final List<SeriesInput> inputs = new ArrayList<>();
        final List<AlertTest> alertTests = new ArrayList<>();
        final List<PromqlTest> promqlTests = new ArrayList<>();

        List<String> run(long evalInterval, List<String> order, boolean fuzzy, List<Path> ruleFiles) {
            long step = interval == 0 ? evalInterval : interval;
            RuleTestHarness h;
            try {
                h = RuleTestHarness.create(Duration.ofMillis(evalInterval), Duration.ofMillis(startMs), ruleFiles, externalLabels,
                        externalUrl, order);
            } catch (RuleFileException e) {
                return e.errors();
            }
            try (h) {
                return runWith(h, step, evalInterval, fuzzy);
            }
        }

        private List<String> runWith(RuleTestHarness h, long step, long evalInterval, boolean fuzzy) {
            for (int i = 0; i < inputs.size(); i++) {
                SeriesInput s = inputs.get(i);
                try {
                    h.loadSeries(Duration.ofMillis(step), s.series(), s.values());
                } catch (RuntimeException e) {
                    return List.of(inputError(i, s, e));
                }
            }
            List<String> errs = new ArrayList<>();
            TreeMap<Long, List<AlertTest>> byTime = new TreeMap<>();
            for (AlertTest a : alertTests) {
                if (a.alertname().isEmpty()) {
                    String in = name.isEmpty() ? "" : " (in TestGroup " + name + ")";
                    return List.of("an item under alert_rule_test misses required attribute alertname at eval_time "
                            + PromDuration.format(a.evalTime()) + in);
                }
                byTime.computeIfAbsent(a.evalTime(), k -> new ArrayList<>()).add(a);
            }
            long maxEval = 0;
            for (AlertTest a : alertTests) {
                maxEval = Math.max(maxEval, a.evalTime());
            }
            for (PromqlTest p : promqlTests) {
                maxEval = Math.max(maxEval, p.evalTime());
            }
            List<Long> times = new ArrayList<>(byTime.keySet());
            int curr = 0;
            for (long rel = 0; rel <= maxEval; rel += evalInterval) {
                List<RuleTestHarness.RuleError> evalErrs = h.evaluateOnce();
                for (RuleTestHarness.RuleError e : evalErrs) {
                    errs.add("    rule: " + e.rule() + ", time: " + new GoDuration(rel * 1_000_000L) + ", err: " + e.error());
                }
                if (!evalErrs.isEmpty()) {
                    return errs;
                }
                while (curr < times.size() && rel <= times.get(curr) && times.get(curr) < rel + evalInterval) {
                    for (AlertTest t : byTime.get(times.get(curr))) {
                        checkAlerts(h, t, fuzzy, errs);
                    }
                    curr++;
                }
            }
            for (PromqlTest p : promqlTests) {
                checkPromql(h, p, fuzzy, errs);
            }
            return errs;
        }

        private void checkAlerts(RuleTestHarness h, AlertTest t, boolean fuzzy, List<String> errs) {
            List<Labels[]> got = new ArrayList<>();
            for (Alert a : h.firingAlerts(t.alertname())) {
                got.add(new Labels[] {a.labels(), a.annotations()});
            }
            List<Labels[]> exp = new ArrayList<>();
            for (ExpAlert e : t.expAlerts()) {
                Map<String, String> l = new LinkedHashMap<>(e.labels());
                l.put("alertname", t.alertname());
                exp.add(new Labels[] {Labels.of(l), Labels.of(e.annotations())});
            }
            Comparator<Labels[]> cmp = Comparator.<Labels[], Labels>comparing(x -> x[0]).thenComparing(x -> x[1]);
            got.sort(cmp);
            exp.sort(cmp);
            boolean equal = got.size() == exp.size();
            for (int i = 0; equal && i < got.size(); i++) {
                equal = got.get(i)[0].equals(exp.get(i)[0]) && got.get(i)[1].equals(exp.get(i)[1]);
            }
            if (!equal) {
                String testName = name.isEmpty() ? "" : "    name: " + name + ",\n";
                errs.add(testName + "    alertname: " + t.alertname() + ", time: " + PromDuration.format(t.evalTime()) + ", \n"
                        + "        exp:" + indent(alertsString(exp), "            ") + ", \n"
                        + "        got:" + indent(alertsString(got), "            "));
            }
        }

        private void checkPromql(RuleTestHarness h, PromqlTest p, boolean fuzzy, List<String> errs) {
            List<Sample> got;
            try {
                got = h.query(p.expr(), Duration.ofMillis(p.evalTime()));
            } catch (RuntimeException e) {
                errs.add("    expr: " + quote(p.expr()) + ", time: " + PromDuration.format(p.evalTime()) + ", err: " + e.getMessage());
                return;
            }
            List<Sample> exp = new ArrayList<>();
            for (ExpSample s : p.expSamples()) {
                Labels l;
                try {
                    l = s.labels().isBlank() ? Labels.EMPTY : SeriesNotation.parseLabels(s.labels());
                } catch (RuntimeException e) {
                    errs.add("    expr: " + quote(p.expr()) + ", time: " + PromDuration.format(p.evalTime()) + ", err: labels "
                            + quote(s.labels()) + ": " + e.getMessage());
                    return;
                }
                exp.add(new Sample(l, 0, s.value()));
            }
            Comparator<Sample> byLabels = Comparator.comparing(Sample::labels);
            List<Sample> gotSorted = new ArrayList<>(got);
            gotSorted.sort(byLabels);
            exp.sort(byLabels);
            boolean equal = gotSorted.size() == exp.size();
            for (int i = 0; equal && i < exp.size(); i++) {
                double x = exp.get(i).value();
                double y = gotSorted.get(i).value();
                boolean same = x == y || (fuzzy && (Math.nextDown(x) == y || Math.nextUp(x) == y));
                equal = exp.get(i).labels().equals(gotSorted.get(i).labels()) && same;
            }
            if (!equal) {
                errs.add("    expr: " + quote(p.expr()) + ", time: " + PromDuration.format(p.evalTime()) + ",\n"
                        + "        exp: " + samplesString(exp) + "\n"
                        + "        got: " + samplesString(gotSorted));
            }
        }
    }

    private static String alertsString(List<Labels[]> la) {
        if (la.isEmpty()) {
            return "[]";
        }
        StringBuilder s = new StringBuilder("[\n0:").append(indent("\n" + alertString(la.get(0)), "  "));
        for (int i = 1; i < la.size(); i++) {
            s.append(",\n").append(i).append(':').append(indent("\n" + alertString(la.get(i)), "  "));
        }
        return s.append("\n]").toString();
    }

    private static String alertString(Labels[] la) {
        return "Labels:" + goLabels(la[0]) + "\nAnnotations:" + goLabels(la[1]);
    }

    private static String indent(String lines, String prefix) {
        String[] n = lines.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n.length; i++) {
            if (i > 0) {
                sb.append(prefix);
            }
            sb.append(n[i]);
            if (i != n.length - 1) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String samplesString(List<Sample> samples) {
        if (samples.isEmpty()) {
            return "nil";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < samples.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(goLabels(samples.get(i).labels())).append(' ').append(formatE(samples.get(i).value()));
        }
        return sb.toString();
    }

    /** Go's {@code labels.Labels.String()}: every label, the name included, in braces. */
    public static String goLabels(Labels l) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(l.name(i)).append('=').append(quote(l.value(i)));
        }
        return sb.append('}').toString();
    }

    private static String quote(String s) {
        return dev.narthex.storage.text.GoQuote.quote(s);
    }

    /** {@code strconv.FormatFloat(v, 'E', -1, 64)}: shortest digits, exponent always. */
    static String formatE(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0 ? "-" : "") + "0E+00";
        }
        BigDecimal b = new BigDecimal(dev.narthex.storage.text.GoFloatFormat.formatG(Math.abs(v))).stripTrailingZeros();
        String digits = b.unscaledValue().toString();
        int exp = digits.length() - 1 - b.scale();
        StringBuilder sb = new StringBuilder(v < 0 ? "-" : "").append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('E').append(exp < 0 ? '-' : '+');
        if (Math.abs(exp) < 10) {
            sb.append('0');
        }
        return sb.append(Math.abs(exp)).toString();
    }
}
