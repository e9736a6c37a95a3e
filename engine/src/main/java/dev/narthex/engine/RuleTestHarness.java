package dev.narthex.engine;

import dev.narthex.engine.rules.Alert;
import dev.narthex.engine.rules.AlertState;
import dev.narthex.engine.rules.AlertingRule;
import dev.narthex.engine.rules.Rule;
import dev.narthex.engine.rules.RuleFileException;
import dev.narthex.engine.rules.RuleGroup;
import dev.narthex.engine.rules.RuleManager;
import dev.narthex.engine.rules.RuleManagerOptions;
import dev.narthex.promql.engine.EngineOptions;
import dev.narthex.promql.engine.PromqlEngine;
import dev.narthex.promql.series.SeriesNotation;
import dev.narthex.promql.value.Sample;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.tsdb.Tsdb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Rule testing from plain JUnit: load rule files, feed input series in the PromQL test notation
 * ({@code up{job="a"} 0+1x10}), step time and assert alerts and recorded series. Evaluation happens at
 * {@code start, start + interval, ...}, every group in order, with input samples becoming visible
 * up to each evaluation time (as promtool does). Not thread-safe; close it to free the storage.
 *
 * <pre>{@code
 * try (RuleTestHarness h = RuleTestHarness.create(Duration.ofMinutes(1), List.of(rules))) {
 *     h.load(Duration.ofMinutes(1), "up{job=\"a\"} 1 1 0 0 0 0");
 *     h.advanceTo(Duration.ofMinutes(5));
 *     assertEquals(1, h.firingAlerts("InstanceDown").size());
 * }
 * }</pre>
 */
public final class RuleTestHarness implements AutoCloseable {
    private final Tsdb storage = Tsdb.inMemory();
    private final PromqlEngine engine = new PromqlEngine(EngineOptions.DEFAULTS);
    private final long evalIntervalMs;
    private final long startMs;
    private final List<RuleGroup> groups;
    private final RuleManager manager;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>(Comparator.comparingLong(Pending::t));
    private long nextEvalMs;
    private long lastEvalMs = Long.MIN_VALUE;

    private record Pending(Labels labels, long t, double v) {
    }

    /** A rule that failed at an evaluation: its name and error text. */
    public record RuleError(String rule, String error) {
    }

    private RuleTestHarness(long evalIntervalMs, long startMs, List<Path> ruleFiles, Labels externalLabels, String externalUrl,
            List<String> groupOrder) throws RuleFileException {
        this.evalIntervalMs = evalIntervalMs;
        this.startMs = startMs;
        this.nextEvalMs = startMs;
        this.manager = new RuleManager(RuleManagerOptions.defaults(storage, storage, engine, () -> lastEvalMs));
        List<RuleGroup> loaded = new ArrayList<>(manager.loadGroups(evalIntervalMs, 0, externalLabels, externalUrl, true, ruleFiles).values());
        // stable partial order: named groups by their position, the others first, as promtool's index 0 default
        loaded.sort(Comparator.comparingInt(g -> Math.max(0, groupOrder.indexOf(g.name()))));
        this.groups = List.copyOf(loaded);
    }

    /** Rules from files, evaluated every {@code evalInterval} from time 0. */
    public static RuleTestHarness create(Duration evalInterval, List<Path> ruleFiles) throws RuleFileException {
        return new RuleTestHarness(evalInterval.toMillis(), 0, ruleFiles, Labels.EMPTY, "", List.of());
    }

    /** As {@link #create(Duration, List)} with rule YAML text (written to a temporary file named {@code rules.yml}). */
    public static RuleTestHarness fromYaml(Duration evalInterval, String ruleYaml) throws RuleFileException {
        try {
            Path dir = Files.createTempDirectory("narthex-rules");
            Path f = dir.resolve("rules.yml");
            Files.writeString(f, ruleYaml);
            f.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return create(evalInterval, List.of(f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Full control, as promtool's test groups use it. */
    public static RuleTestHarness create(Duration evalInterval, Duration start, List<Path> ruleFiles, Labels externalLabels,
            String externalUrl, List<String> groupEvalOrder) throws RuleFileException {
        return new RuleTestHarness(evalInterval.toMillis(), start.toMillis(), ruleFiles, externalLabels, externalUrl, groupEvalOrder);
    }

    /**
     * Adds series in the test notation, one per line: the i-th value lands at {@code start + i * step}.
     * Samples become visible as evaluation reaches their time.
     */
    public void load(Duration step, String... seriesLines) {
        for (String line : seriesLines) {
            SeriesNotation.Series s = SeriesNotation.parse(line);
            loadValues(step, s.labels(), s);
        }
    }

    /** Adds one series given as a selector and a values string, as promtool's {@code input_series}. */
    public void loadSeries(Duration step, String selector, String values) {
        loadValues(step, SeriesNotation.parseLabels(selector), SeriesNotation.parseValues(values));
    }

    private void loadValues(Duration step, Labels labels, SeriesNotation.Series s) {
        for (int i = 0; i < s.size(); i++) {
            if (s.present()[i]) {
                pending.add(new Pending(labels, startMs + i * step.toMillis(), s.values()[i]));
            }
        }
    }

    /** Evaluates every slot up to and including {@code startMs + t}. */
    public void advanceTo(Duration t) {
        long target = startMs + t.toMillis();
        while (nextEvalMs <= target) {
            evaluateOnce();
        }
    }

    /** Evaluates the next slot; returns the errors rules reported there. */
    public List<RuleError> evaluateOnce() {
        long ts = nextEvalMs;
        flushInputs(ts);
        lastEvalMs = ts;
        RuleGroup.Context ctx = new RuleGroup.Context(storage, manager.query(), (expr, alerts) -> { }, 60_000L, () -> ts);
        List<RuleError> errors = new ArrayList<>();
        for (RuleGroup g : groups) {
            g.eval(ts, ctx);
            for (Rule r : g.rules()) {
                if (r.lastError() != null) {
                    errors.add(new RuleError(r.name(), r.lastError()));
                }
            }
        }
        nextEvalMs += evalIntervalMs;
        return errors;
    }

    private void flushInputs(long upTo) {
        if (pending.isEmpty() || pending.peek().t() > upTo) {
            return;
        }
        Appender app = storage.appender();
        while (!pending.isEmpty() && pending.peek().t() <= upTo) {
            Pending p = pending.poll();
            app.append(0, p.labels(), p.t(), p.v());
        }
        app.commit();
    }

    /** Time of the last evaluation (ms since the epoch; {@code start} based). */
    public long lastEvaluationMs() {
        return lastEvalMs;
    }

    public long nextEvaluationMs() {
        return nextEvalMs;
    }

    /** Firing alerts of every rule named {@code alertname}, in group order. */
    public List<Alert> firingAlerts(String alertname) {
        List<Alert> out = new ArrayList<>();
        for (Alert a : alerts(alertname)) {
            if (a.state() == AlertState.FIRING) {
                out.add(a);
            }
        }
        return out;
    }

    /** Pending and firing alerts of every rule named {@code alertname}. */
    public List<Alert> alerts(String alertname) {
        List<Alert> out = new ArrayList<>();
        for (RuleGroup g : groups) {
            for (Rule r : g.rules()) {
                if (r instanceof AlertingRule ar && ar.name().equals(alertname)) {
                    out.addAll(ar.activeAlerts());
                }
            }
        }
        return out;
    }

    /** Runs an instant query at {@code startMs + at}; input series up to then are visible. */
    public List<Sample> query(String expr, Duration at) {
        long t = startMs + at.toMillis();
        flushInputs(t);
        return manager.query().query(expr, t);
    }

    public List<RuleGroup> groups() {
        return groups;
    }

    public Tsdb storage() {
        return storage;
    }

    @Override
    public void close() {
        storage.close();
    }
}
