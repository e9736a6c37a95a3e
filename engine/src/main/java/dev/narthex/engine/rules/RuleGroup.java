package dev.narthex.engine.rules;

import dev.narthex.promql.functions.XxHash64;
import dev.narthex.promql.value.Sample;
import dev.narthex.storage.Appendable;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.Queryable;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import dev.narthex.storage.StaleNaN;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A rule group: rules evaluated in order at one timestamp, each rule's output appended and committed
 * before the next rule runs, with staleness markers for series a rule stopped producing.
 * {@link #eval} is called by one thread at a time (the manager's); snapshots may be read concurrently.
 */
public final class RuleGroup {
    private final String name;
    private final String file;
    private final long intervalMs;
    private final int limit;
    private final long queryOffsetMs;
    private final Labels groupLabels;
    private final List<Rule> rules;
    private final List<Set<Labels>> seriesInPreviousEval;
    private List<Labels> staleSeries = new ArrayList<>();
    private volatile long lastEvaluationMs;
    private volatile double evaluationSeconds;
    // Prometheus's prometheus_rule_evaluations_total / _failures_total per group: rule evaluations, not group runs
    private volatile long ruleEvaluations;
    private volatile long ruleEvaluationFailures;
    private volatile long runs;
    private volatile double runSecondsSum;
    // scheduling state, read and written only under the owning RuleManager's lock
    boolean shouldRestore;
    int evaluations;
    long nextEvalMs = Long.MIN_VALUE;

    public RuleGroup(String name, String file, long intervalMs, int limit, long queryOffsetMs, Labels groupLabels, List<Rule> rules) {
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("group interval must be positive");
        }
        this.name = name;
        this.file = file;
        this.intervalMs = intervalMs;
        this.limit = limit;
        this.queryOffsetMs = queryOffsetMs;
        this.groupLabels = groupLabels;
        this.rules = List.copyOf(rules);
        this.seriesInPreviousEval = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            seriesInPreviousEval.add(Set.of());
        }
    }

    /** What a group evaluation needs from its surroundings. */
    public record Context(Appendable appendable, RuleQuery query, NotifyFunction notifier, long resendDelayMs, LongSupplier clock) {
    }

    public String name() {
        return name;
    }

    public String file() {
        return file;
    }

    public long intervalMs() {
        return intervalMs;
    }

    public int limit() {
        return limit;
    }

    public long queryOffsetMs() {
        return queryOffsetMs;
    }

    public Labels groupLabels() {
        return groupLabels;
    }

    public List<Rule> rules() {
        return rules;
    }

    public long lastEvaluationMs() {
        return lastEvaluationMs;
    }

    public double evaluationSeconds() {
        return evaluationSeconds;
    }

    /** Prometheus's group key: {@code file;name}. */
    public String key() {
        return key(file, name);
    }

    public static String key(String file, String name) {
        return file + ";" + name;
    }

    /**
     * The evaluation slot at or before {@code nowMs}: interval-aligned with a per-group offset from a
     * hash of {@code {file, name}}, so groups spread over the interval the same way on every restart.
     */
    public long evalTimestamp(long nowMs) {
        long intervalNs = intervalMs * 1_000_000L;
        long offsetNs = Long.remainderUnsigned(hash(), intervalNs);
        long nowNs = nowMs * 1_000_000L;
        long adj = nowNs - offsetNs;
        long base = adj - Math.floorMod(adj, intervalNs);
        return Math.floorDiv(base + offsetNs, 1_000_000L);
    }

    private long hash() {
        // labels.Hash of {file, name}: xxhash64 over name 0xff value 0xff, labels in name order
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String s : new String[] {"file", file, "name", name}) {
            b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            b.write(0xff);
        }
        byte[] bytes = b.toByteArray();
        return XxHash64.hash(bytes, 0, bytes.length);
    }

    /** Evaluates every rule at {@code tsMs}, in order. */
    public void eval(long tsMs, Context ctx) {
        long groupStartNs = System.nanoTime();
        long groupStartMs = ctx.clock().getAsLong();
        for (int i = 0; i < rules.size(); i++) {
            evalRule(i, rules.get(i), tsMs, ctx);
        }
        cleanupStaleSeries(tsMs, ctx);
        evaluations++;
        lastEvaluationMs = groupStartMs;
        evaluationSeconds = (System.nanoTime() - groupStartNs) / 1e9;
        runSecondsSum += evaluationSeconds;
        runs++;
    }

    /** Completed runs of the whole group and their total duration (Prometheus's prometheus_rule_group_duration_seconds). */
    public long runs() {
        return runs;
    }

    public double runSecondsSum() {
        return runSecondsSum;
    }

    private void evalRule(int i, Rule rule, long ts, Context ctx) {
        ruleEvaluations++;
        long startMs = ctx.clock().getAsLong();
        long startNs = System.nanoTime();
        List<Sample> vector;
        try {
            vector = rule.eval(ts, queryOffsetMs, ctx.query(), limit);
        } catch (RuleEvaluationException e) {
            rule.recordEvaluation(startMs, (System.nanoTime() - startNs) / 1e9, RuleHealth.ERR, e.getMessage());
            ruleEvaluationFailures++;
            return;
        }
        RuleHealth health = RuleHealth.OK;
        String error = null;
        if (rule instanceof AlertingRule ar) {
            List<Alert> toSend = ar.alertsToSend(ts, ctx.resendDelayMs(), intervalMs);
            ctx.notifier().send(ar.query(), toSend);
        }
        Appender app = ctx.appendable().appender();
        Set<Labels> returned = new LinkedHashSet<>();
        for (Sample s : vector) {
            try {
                app.append(0, s.labels(), s.timestamp(), s.value());
                returned.add(s.labels());
            } catch (RuntimeException e) {
                health = RuleHealth.ERR;
                error = e.getMessage();
            }
        }
        for (Labels l : seriesInPreviousEval.get(i)) {
            if (!returned.contains(l)) {
                try {
                    app.append(0, l, ts - queryOffsetMs, StaleNaN.VALUE);
                } catch (RuntimeException e) {
                    // out of order / duplicate stale markers are expected after restarts; Prometheus ignores them too
                }
            }
        }
        try {
            app.commit();
            seriesInPreviousEval.set(i, returned);
        } catch (RuntimeException e) {
            health = RuleHealth.ERR;
            error = e.getMessage();
        }
        if (health == RuleHealth.ERR) {
            ruleEvaluationFailures++;
        }
        rule.recordEvaluation(startMs, (System.nanoTime() - startNs) / 1e9, health, error);
    }

    /** Rule evaluations so far (each rule of each run counts once). Only the evaluating thread writes it. */
    public long ruleEvaluations() {
        return ruleEvaluations;
    }

    /** Rule evaluations that ended in an error. */
    public long ruleEvaluationFailures() {
        return ruleEvaluationFailures;
    }

    private void cleanupStaleSeries(long ts, Context ctx) {
        if (staleSeries.isEmpty()) {
            return;
        }
        Appender app = ctx.appendable().appender();
        for (Labels l : staleSeries) {
            try {
                app.append(0, l, ts - queryOffsetMs, StaleNaN.VALUE);
            } catch (RuntimeException e) {
                // as above: a later sample already exists, nothing to mark
            }
        }
        try {
            app.commit();
            staleSeries = new ArrayList<>();
        } catch (RuntimeException e) {
            // keep them for the next evaluation
        }
    }

    /** Every series the last evaluation produced, to mark stale when the group goes away. */
    public List<Labels> producedSeries() {
        List<Labels> out = new ArrayList<>(staleSeries);
        for (Set<Labels> s : seriesInPreviousEval) {
            out.addAll(s);
        }
        return out;
    }

    /**
     * Takes over the state of the group this one replaces on reload: timings, previous series and
     * alerts of rules with the same name and labels; series of rules that went away become stale.
     */
    public void copyState(RuleGroup from) {
        lastEvaluationMs = from.lastEvaluationMs;
        evaluationSeconds = from.evaluationSeconds;
        nextEvalMs = from.nextEvalMs;
        evaluations = from.evaluations;
        Map<String, List<Integer>> ruleMap = new HashMap<>();
        for (int fi = 0; fi < from.rules.size(); fi++) {
            ruleMap.computeIfAbsent(from.rules.get(fi).identity(), k -> new ArrayList<>()).add(fi);
        }
        for (int i = 0; i < rules.size(); i++) {
            List<Integer> idx = ruleMap.get(rules.get(i).identity());
            if (idx == null || idx.isEmpty()) {
                continue;
            }
            int fi = idx.remove(0);
            seriesInPreviousEval.set(i, from.seriesInPreviousEval.get(fi));
            if (rules.get(i) instanceof AlertingRule ar && from.rules.get(fi) instanceof AlertingRule far) {
                ar.copyAlertsFrom(far);
            }
        }
        staleSeries = new ArrayList<>(from.staleSeries);
        for (int fi = 0; fi < from.rules.size(); fi++) {
            List<Integer> idx = ruleMap.get(from.rules.get(fi).identity());
            if (idx != null && idx.contains(fi)) {
                staleSeries.addAll(from.seriesInPreviousEval.get(fi));
            }
        }
    }

    /**
     * Restores the {@code for} state of pending and firing alerts from {@code ALERTS_FOR_STATE}, as
     * Prometheus does after a restart: time spent pending before the outage counts, the outage does
     * not, and an alert is given at least {@code forGracePeriodMs} before it fires.
     */
    public void restoreForState(long nowMs, Queryable queryable, long forGracePeriodMs, long outageToleranceMs) {
        try (Querier q = queryable.querier(nowMs - outageToleranceMs, nowMs)) {
            for (Rule r : rules) {
                if (!(r instanceof AlertingRule ar)) {
                    continue;
                }
                long hold = ar.holdDurationMs();
                if (hold < forGracePeriodMs) {
                    ar.setRestored(true);
                    continue;
                }
                List<Alert> alerts = ar.activeAlerts();
                if (alerts.isEmpty()) {
                    ar.setRestored(true);
                    continue;
                }
                List<Series> found = q.select(List.of(Matcher.equal(Labels.METRIC_NAME, AlertingRule.ALERTS_FOR_STATE),
                        Matcher.equal("alertname", ar.name())));
                Map<Labels, Series> byLabels = new HashMap<>();
                for (Series s : found) {
                    byLabels.put(s.labels().toBuilder().remove(Labels.METRIC_NAME).build(), s);
                }
                SampleBuffer buf = new SampleBuffer();
                for (Alert a : alerts) {
                    Labels key = ar.forStateSample(a, 0, 0).labels().toBuilder().remove(Labels.METRIC_NAME).build();
                    Series s = byLabels.get(key);
                    if (s == null) {
                        continue;
                    }
                    buf.clear();
                    s.read(nowMs - outageToleranceMs, nowMs, buf);
                    if (buf.size() == 0) {
                        continue;
                    }
                    long t = buf.timestamp(buf.size() - 1);
                    double v = buf.value(buf.size() - 1);
                    if (StaleNaN.is(v)) {
                        continue;
                    }
                    long downAt = Math.floorDiv(t, 1000) * 1000;
                    long restoredActiveAt = (long) v * 1000;
                    long spentPending = downAt - restoredActiveAt;
                    long remaining = hold - spentPending;
                    if (remaining <= 0) {
                        // already fired before the outage: keep the original activeAt
                    } else if (remaining < forGracePeriodMs) {
                        restoredActiveAt = nowMs + forGracePeriodMs - hold;
                    } else {
                        restoredActiveAt += nowMs - downAt;
                    }
                    ar.restoreActiveAt(a.labels(), restoredActiveAt);
                }
                ar.setRestored(true);
            }
        }
    }
}
