package dev.narthex.engine.rules;

import dev.narthex.engine.template.Expander;
import dev.narthex.promql.engine.QueryOptions;
import dev.narthex.promql.value.Sample;
import dev.narthex.promql.value.Scalar;
import dev.narthex.promql.value.Value;
import dev.narthex.promql.value.Vector;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.StaleNaN;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Owns the rule groups: loads them from rule files, replaces them on reload (keeping the state of
 * unchanged rules), and evaluates each group on its own schedule. Time comes only from the options'
 * clock: call {@link #runDue()} to evaluate whatever is due (tests step the clock and call it), or
 * {@link #start()} to have a daemon thread do so. Thread-safe; evaluations run under this object's lock.
 *
 * <p>Scheduling follows Prometheus: a new group first runs at {@link RuleGroup#evalTimestamp} plus
 * one interval, missed slots are skipped, and a group created by the first {@link #update} restores
 * its alerts' {@code for} state after its second evaluation. One difference: a removed group's series
 * are marked stale at once, where Prometheus waits two intervals.
 */
public final class RuleManager implements AutoCloseable {
    private final RuleManagerOptions opts;
    private Map<String, RuleGroup> groups = new LinkedHashMap<>();
    private boolean restoredOnce;
    private Thread runner;
    private volatile boolean stopped;

    public RuleManager(RuleManagerOptions opts) {
        this.opts = opts;
    }

    /** The query function rules use: the engine at a time, scalars as one unlabelled sample. */
    public RuleQuery query() {
        return (expr, t) -> {
            Value v = opts.engine().instantQuery(opts.queryable(), expr, t, QueryOptions.NONE).value();
            if (v instanceof Vector vec) {
                return vec.samples();
            }
            if (v instanceof Scalar s) {
                return List.of(new Sample(Labels.EMPTY, s.timestamp(), s.value()));
            }
            throw new IllegalStateException("rule result is not a vector or scalar");
        };
    }

    /**
     * Parses the files into groups without installing them. Group labels are merged under each rule's
     * labels (the rule's win).
     */
    public Map<String, RuleGroup> loadGroups(long defaultIntervalMs, long defaultQueryOffsetMs, Labels externalLabels,
            String externalUrl, boolean restored, List<Path> files) throws RuleFileException {
        Map<String, RuleGroup> out = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (Path f : files) {
            List<RuleGroupSpec> specs;
            try {
                specs = RuleFileParser.parseFile(f);
            } catch (RuleFileException e) {
                errors.addAll(e.errors());
                continue;
            }
            for (RuleGroupSpec g : specs) {
                List<Rule> rules = new ArrayList<>();
                for (RuleSpec r : g.rules()) {
                    Map<String, String> labels = new TreeMap<>(Expander.labelMap(g.labels()));
                    labels.putAll(r.labels());
                    if (r.isAlerting()) {
                        rules.add(new AlertingRule(r.alert(), r.expr(), r.forMs(), r.keepFiringForMs(), labels, r.annotations(),
                                externalLabels, externalUrl, restored));
                    } else {
                        rules.add(new RecordingRule(r.record(), r.expr(), labels));
                    }
                }
                long interval = g.intervalMs() > 0 ? g.intervalMs() : defaultIntervalMs;
                long offset = g.queryOffsetMs() != null ? g.queryOffsetMs() : defaultQueryOffsetMs;
                RuleGroup group = new RuleGroup(g.name(), g.file(), interval, g.limit(), offset, g.labels(), rules);
                out.put(group.key(), group);
            }
        }
        if (!errors.isEmpty()) {
            throw new RuleFileException(errors);
        }
        return out;
    }

    /**
     * Replaces the groups with those in {@code files} (already glob-expanded, see {@link RuleFiles}).
     * On any error nothing changes. Groups whose definition is unchanged keep running as they were;
     * changed groups take over the state of their predecessor; removed groups get staleness markers.
     */
    public synchronized void update(long defaultIntervalMs, long defaultQueryOffsetMs, List<Path> files, Labels externalLabels,
            String externalUrl) throws RuleFileException {
        boolean restore = !restoredOnce;
        Map<String, RuleGroup> fresh = loadGroups(defaultIntervalMs, defaultQueryOffsetMs, externalLabels, externalUrl, !restore, files);
        long now = opts.clock().getAsLong();
        Map<String, RuleGroup> next = new LinkedHashMap<>();
        for (Map.Entry<String, RuleGroup> e : fresh.entrySet()) {
            RuleGroup g = e.getValue();
            RuleGroup old = groups.get(e.getKey());
            if (old != null && sameDefinition(old, g)) {
                next.put(e.getKey(), old);
                continue;
            }
            g.shouldRestore = restore;
            if (old != null) {
                g.copyState(old);
            } else {
                g.nextEvalMs = g.evalTimestamp(now) + g.intervalMs();
            }
            next.put(e.getKey(), g);
        }
        for (Map.Entry<String, RuleGroup> e : groups.entrySet()) {
            if (!next.containsKey(e.getKey())) {
                markStale(e.getValue(), now);
            }
        }
        groups = next;
        restoredOnce = true;
        notifyAll();
    }

    private static boolean sameDefinition(RuleGroup a, RuleGroup b) {
        if (a.intervalMs() != b.intervalMs() || a.limit() != b.limit() || a.queryOffsetMs() != b.queryOffsetMs()
                || !a.groupLabels().equals(b.groupLabels()) || a.rules().size() != b.rules().size()) {
            return false;
        }
        for (int i = 0; i < a.rules().size(); i++) {
            if (!describe(a.rules().get(i)).equals(describe(b.rules().get(i)))) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Rule r) {
        if (r instanceof AlertingRule ar) {
            return "alert " + ar.name() + " " + ar.query() + " " + ar.holdDurationMs() + " " + ar.keepFiringForMs() + " "
                    + ar.labels() + " " + ar.annotations();
        }
        return "record " + r.name() + " " + r.query() + " " + r.labels();
    }

    private void markStale(RuleGroup g, long now) {
        Appender app = opts.appendable().appender();
        for (Labels l : g.producedSeries()) {
            try {
                app.append(0, l, now - g.queryOffsetMs(), StaleNaN.VALUE);
            } catch (RuntimeException e) {
                // a newer sample exists: the series is not ours to end
            }
        }
        app.commit();
    }

    /** Evaluates every group whose next slot is due at the clock's time; returns how many ran. */
    public synchronized int runDue() {
        long now = opts.clock().getAsLong();
        int ran = 0;
        RuleGroup.Context ctx = new RuleGroup.Context(opts.appendable(), query(), opts.notifier(), opts.resendDelayMs(), opts.clock());
        for (RuleGroup g : groups.values()) {
            if (g.nextEvalMs > now) {
                continue;
            }
            // missed slots are skipped, as Prometheus does when an evaluation overruns
            long slot = g.nextEvalMs + (now - g.nextEvalMs) / g.intervalMs() * g.intervalMs();
            g.eval(slot, ctx);
            g.nextEvalMs = slot + g.intervalMs();
            ran++;
            if (g.shouldRestore && g.evaluations >= 2) {
                g.restoreForState(now, opts.queryable(), opts.forGracePeriodMs(), opts.outageToleranceMs());
                g.shouldRestore = false;
            }
        }
        return ran;
    }

    /** The earliest next evaluation time over all groups, or Long.MAX_VALUE with no groups. */
    public synchronized long nextDueMs() {
        long min = Long.MAX_VALUE;
        for (RuleGroup g : groups.values()) {
            min = Math.min(min, g.nextEvalMs);
        }
        return min;
    }

    /** Starts a daemon thread that sleeps until the next due group and evaluates it (wall-clock sleeping). */
    public synchronized void start() {
        if (runner != null) {
            return;
        }
        runner = new Thread(this::runLoop, "rule-manager");
        runner.setDaemon(true);
        runner.start();
    }

    private void runLoop() {
        while (!stopped) {
            try {
                synchronized (this) {
                    long wait = nextDueMs() - opts.clock().getAsLong();
                    if (wait > 0) {
                        wait(Math.min(wait, 1000));
                        continue;
                    }
                }
                runDue();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the evaluation thread, if started. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            stopped = true;
            t = runner;
            notifyAll();
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public synchronized List<RuleGroup> groups() {
        return List.copyOf(groups.values());
    }

    /** A consistent view of every group, rule and alert for the rules API. */
    public synchronized List<RuleSnapshot.Group> snapshot() {
        List<RuleSnapshot.Group> out = new ArrayList<>();
        for (RuleGroup g : groups.values()) {
            List<RuleSnapshot.RuleView> rules = new ArrayList<>();
            for (Rule r : g.rules()) {
                rules.add(view(r));
            }
            out.add(new RuleSnapshot.Group(g.name(), g.file(), g.intervalMs() / 1000.0, g.limit(), g.queryOffsetMs() / 1000.0,
                    rules, g.lastEvaluationMs(), g.evaluationSeconds()));
        }
        return out;
    }

    /** Pending and firing alerts of every alerting rule, for the alerts API. */
    public synchronized List<RuleSnapshot.AlertView> activeAlerts() {
        List<RuleSnapshot.AlertView> out = new ArrayList<>();
        for (RuleGroup g : groups.values()) {
            for (Rule r : g.rules()) {
                if (r instanceof AlertingRule ar) {
                    for (Alert a : ar.activeAlerts()) {
                        out.add(alertView(a));
                    }
                }
            }
        }
        return out;
    }

    private static RuleSnapshot.RuleView view(Rule r) {
        if (r instanceof AlertingRule ar) {
            List<RuleSnapshot.AlertView> alerts = new ArrayList<>();
            for (Alert a : ar.activeAlerts()) {
                alerts.add(alertView(a));
            }
            return new RuleSnapshot.RuleView("alerting", ar.name(), ar.query(), Expander.labelMap(ar.labels()), ar.health().apiName(),
                    ar.lastError(), ar.lastEvaluationMs(), ar.evaluationSeconds(), ar.holdDurationMs() / 1000.0,
                    ar.keepFiringForMs() / 1000.0, Expander.labelMap(ar.annotations()), ar.state().apiName(), alerts);
        }
        return new RuleSnapshot.RuleView("recording", r.name(), r.query(), Expander.labelMap(r.labels()), r.health().apiName(),
                r.lastError(), r.lastEvaluationMs(), r.evaluationSeconds(), 0, 0, Map.of(), null, List.of());
    }

    private static RuleSnapshot.AlertView alertView(Alert a) {
        return new RuleSnapshot.AlertView(Expander.labelMap(a.labels()), Expander.labelMap(a.annotations()), a.state().apiName(),
                a.activeAtMs(), a.keepFiringSinceMs(), a.value());
    }
}
