package dev.narthex.promql.scripts;

import dev.narthex.promql.engine.PromqlEngine;
import dev.narthex.promql.engine.PromqlException;
import dev.narthex.promql.engine.QueryOptions;
import dev.narthex.promql.engine.QueryResult;
import dev.narthex.promql.value.Matrix;
import dev.narthex.promql.value.Sample;
import dev.narthex.promql.value.Scalar;
import dev.narthex.promql.value.SeriesPoints;
import dev.narthex.promql.value.Value;
import dev.narthex.promql.value.Vector;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Executes a parsed script the way upstream's promqltest runner does (FORMAT.md section 7): loads into a
 * fresh storage after each {@code clear}, runs every eval (instant evals also as {@code @}-pinned variants
 * and as range-mode cross-checks) and records an outcome per eval.
 */
final class ScriptRunner {
    /** The outcome of one eval: {@code failure == null} means it passed. */
    record Outcome(int line, String expr, String failure, boolean histogramSegment, boolean startTimestampSegment) {
        boolean passed() {
            return failure == null;
        }
    }

    private static final long CROSS_CHECK_STEP = 60_000;

    private final PromqlEngine engine;
    private final Supplier<ScriptStorage> storageFactory;
    private ScriptStorage storage;
    private boolean histogramsLoaded;
    private boolean startTimestampsLoaded;

    ScriptRunner(PromqlEngine engine, Supplier<ScriptStorage> storageFactory) {
        this.engine = engine;
        this.storageFactory = storageFactory;
    }

    List<Outcome> run(Script script) {
        storage = storageFactory.get();
        histogramsLoaded = false;
        startTimestampsLoaded = false;
        List<Outcome> outcomes = new ArrayList<>();
        String loadError = null;
        for (Script.Command c : script.commands()) {
            if (c instanceof Script.Clear) {
                storage = storageFactory.get();
                histogramsLoaded = false;
                startTimestampsLoaded = false;
                loadError = null;
            } else if (c instanceof Script.Load load) {
                histogramsLoaded |= load.hasHistograms();
                startTimestampsLoaded |= load.startTimestamps();
                try {
                    load(load);
                } catch (RuntimeException e) {
                    loadError = "load at line " + load.line() + " failed: " + e;
                }
            } else if (c instanceof Script.Eval eval) {
                String failure = loadError != null ? loadError : evaluate(eval);
                outcomes.add(new Outcome(eval.line(), eval.expr(), failure, histogramsLoaded || eval.expectsHistogram(),
                        startTimestampsLoaded));
            }
        }
        return outcomes;
    }

    private void load(Script.Load load) {
        Map<Labels, Integer> byLabels = new LinkedHashMap<>();
        for (int k = 0; k < load.series().size(); k++) {
            byLabels.put(load.series().get(k).labels(), k); // a later line for the same labels replaces the earlier one
        }
        Appender app = storage.appendable().appender();
        try {
            for (int k : byLabels.values()) {
                SeriesNotation.Series s = load.series().get(k);
                SeriesNotation.Series st = load.startTimes().get(k);
                long ref = 0;
                for (int i = 0; i < s.size(); i++) {
                    if (s.kinds()[i] == SeriesNotation.FLOAT) {
                        long t = i * load.stepMs();
                        // As upstream: ST = t + offset, and a sample without an offset has ST 0 (unknown).
                        long startTime = st != null && st.kinds()[i] == SeriesNotation.FLOAT ? t + (long) st.values()[i] : 0;
                        ref = app.append(ref, s.labels(), t, startTime, s.values()[i]);
                    }
                }
            }
            app.commit();
        } catch (RuntimeException e) {
            app.rollback();
            throw e;
        }
    }

    private String evaluate(Script.Eval ev) {
        try {
            return ev.range() ? evaluateRange(ev) : evaluateInstant(ev);
        } catch (RuntimeException e) {
            return "unexpected " + e;
        }
    }

    private String evaluateRange(Script.Eval ev) {
        QueryResult r;
        try {
            r = engine.rangeQuery(storage.queryable(), ev.expr(), ev.startMs(), ev.endMs(), ev.stepMs(), QueryOptions.NONE);
        } catch (PromqlException e) {
            return checkFailure(ev, e);
        }
        if (ev.fail() != null) {
            return "expected error but got none";
        }
        String err = checkAnnotations(ev, r);
        if (err != null) {
            return err;
        }
        return ResultComparator.compare(ev, r.value(), ev.startMs(), ev.stepMs());
    }

    private String evaluateInstant(Script.Eval ev) {
        List<AtPinning.Query> queries = new ArrayList<>();
        queries.add(new AtPinning.Query(ev.expr(), ev.startMs()));
        queries.addAll(AtPinning.variants(ev.expr(), ev.startMs()));
        for (AtPinning.Query q : queries) {
            String err = runInstant(ev, q);
            if (err != null) {
                return q.expr().equals(ev.expr()) && q.timeMs() == ev.startMs() ? err : err + " (for " + q.expr() + " at " + q.timeMs() + ")";
            }
        }
        return null;
    }

    private String runInstant(Script.Eval ev, AtPinning.Query q) {
        QueryResult r;
        try {
            r = engine.instantQuery(storage.queryable(), q.expr(), q.timeMs(), QueryOptions.NONE);
        } catch (PromqlException e) {
            return checkFailure(ev, e);
        }
        if (ev.fail() != null) {
            return "expected error but got none";
        }
        String err = checkAnnotations(ev, r);
        if (err != null) {
            return err;
        }
        long start = ev.expectedRange() != null ? ev.expectedRange().startMs() : ev.startMs();
        long step = ev.expectedRange() != null ? ev.expectedRange().stepMs() : 0;
        err = ResultComparator.compare(ev, r.value(), start, step);
        if (err != null) {
            return err;
        }
        if (ev.expectedRange() != null || ev.expectedString() != null || ev.ordered() || usesDurationFunctions(q.expr())) {
            return null;
        }
        return rangeCrossCheck(ev, q, r.value());
    }

    /** Upstream skips the range-mode check when the text mentions these functions, including {@code @ start()}. */
    private static boolean usesDurationFunctions(String expr) {
        return expr.contains("start()") || expr.contains("end()") || expr.contains("range()") || expr.contains("step()");
    }

    private String rangeCrossCheck(Script.Eval ev, AtPinning.Query q, Value instant) {
        QueryResult r;
        try {
            r = engine.rangeQuery(storage.queryable(), q.expr(), q.timeMs() - CROSS_CHECK_STEP, q.timeMs() + CROSS_CHECK_STEP,
                    CROSS_CHECK_STEP, QueryOptions.NONE);
        } catch (PromqlException e) {
            return "range-mode cross-check failed: " + e.getMessage();
        }
        if (!(r.value() instanceof Matrix m)) {
            return "range-mode cross-check returned " + r.value().type().apiName();
        }
        String sorted = ResultComparator.checkSorted(m);
        if (sorted != null) {
            return "range-mode cross-check: " + sorted;
        }
        List<Sample> samples = new ArrayList<>();
        for (SeriesPoints s : m.series()) {
            for (int i = 0; i < s.size(); i++) {
                if (s.timestamps()[i] == q.timeMs()) {
                    samples.add(new Sample(s.labels(), q.timeMs(), s.values()[i]));
                    break;
                }
            }
        }
        Value asInstant;
        if (instant instanceof Scalar) {
            if (samples.isEmpty()) {
                return "range-mode cross-check: no point at the evaluation time for a scalar";
            }
            asInstant = new Scalar(q.timeMs(), samples.get(0).value());
        } else {
            asInstant = new Vector(samples);
        }
        String err = ResultComparator.compare(ev, asInstant, ev.startMs(), 0);
        return err == null ? null : "range-mode cross-check: " + err;
    }

    private static String checkFailure(Script.Eval ev, PromqlException e) {
        if (ev.fail() == null) {
            return "error: " + e.getMessage();
        }
        if (!ev.fail().matches(e.getMessage())) {
            return "expected error " + ev.fail() + " but got: " + e.getMessage();
        }
        return null;
    }

    private static String checkAnnotations(Script.Eval ev, QueryResult r) {
        String err = checkAnnotations("warning", ev.warnings(), r.warnings());
        return err != null ? err : checkAnnotations("info", ev.infos(), r.infos());
    }

    private static String checkAnnotations(String kind, Script.AnnotationExpectation exp, List<String> actual) {
        if (!exp.checked()) {
            return null;
        }
        if (exp.none()) {
            return actual.isEmpty() ? null : "unexpected " + kind + ": " + actual;
        }
        if (actual.isEmpty()) {
            return "expected " + kind + " " + exp.expected() + " but got none";
        }
        for (Script.ExpectedText t : exp.expected()) {
            if (actual.stream().noneMatch(t::matches)) {
                return "expected " + kind + " " + t + " not found in " + actual;
            }
        }
        for (String a : actual) {
            if (exp.expected().stream().noneMatch(t -> t.matches(a))) {
                return "unexpected " + kind + ": " + a;
            }
        }
        return null;
    }
}
