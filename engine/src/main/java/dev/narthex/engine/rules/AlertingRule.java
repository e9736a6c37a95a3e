package dev.narthex.engine.rules;

import dev.narthex.engine.template.Expander;
import dev.narthex.engine.template.Template;
import dev.narthex.engine.template.TemplateException;
import dev.narthex.promql.ast.Printer;
import dev.narthex.promql.parse.PromqlParser;
import dev.narthex.promql.value.Sample;
import dev.narthex.storage.Labels;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An alerting rule: pending after its expression first returns a series, firing after {@code for},
 * kept firing for {@code keep_firing_for} after the series disappears, then resolved and kept in the
 * API for 15 minutes. Emits {@code ALERTS} and {@code ALERTS_FOR_STATE} samples once restored.
 * Evaluated by one thread at a time; the alert map is guarded by this object's monitor.
 */
public final class AlertingRule implements Rule {
    /** How long resolved alerts stay visible, as Prometheus's {@code resolvedRetention}. */
    public static final long RESOLVED_RETENTION_MS = 15 * 60_000L;
    static final String ALERTS = "ALERTS";
    static final String ALERTS_FOR_STATE = "ALERTS_FOR_STATE";

    private final String name;
    private final String query;
    private final long holdMs;
    private final long keepFiringForMs;
    private final Map<String, String> labelTemplates;
    private final Labels labels;
    private final Labels annotations;
    private final Labels externalLabels;
    private final String externalUrl;
    private final RuleStatus status = new RuleStatus();
    private Map<Labels, Alert> active = new LinkedHashMap<>();
    // parsed label and annotation templates (or their parse error), by text; evaluation is single-threaded
    private final Map<String, Object> templates = new java.util.HashMap<>();
    private volatile boolean restored;
    private volatile boolean evaluated;

    public AlertingRule(String name, String expr, long holdMs, long keepFiringForMs, Map<String, String> labels, Labels annotations,
            Labels externalLabels, String externalUrl, boolean restored) {
        this.name = name;
        this.query = Printer.print(PromqlParser.parseExpr(expr));
        this.holdMs = holdMs;
        this.keepFiringForMs = keepFiringForMs;
        this.labelTemplates = new java.util.TreeMap<>(labels);
        this.labels = Labels.of(labels);
        this.annotations = annotations;
        this.externalLabels = externalLabels;
        this.externalUrl = externalUrl == null ? "" : externalUrl;
        this.restored = restored;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String query() {
        return query;
    }

    @Override
    public Labels labels() {
        return labels;
    }

    public Labels annotations() {
        return annotations;
    }

    public long holdDurationMs() {
        return holdMs;
    }

    public long keepFiringForMs() {
        return keepFiringForMs;
    }

    public boolean restored() {
        return restored;
    }

    public void setRestored(boolean r) {
        restored = r;
    }

    @Override
    public List<Sample> eval(long ts, long queryOffsetMs, RuleQuery q, int limit) throws RuleEvaluationException {
        evaluated = true;
        List<Sample> res;
        try {
            res = q.query(query, ts - queryOffsetMs);
        } catch (RuntimeException e) {
            throw new RuleEvaluationException(e.getMessage());
        }
        URI url = externalUrl.isEmpty() ? null : URI.create(externalUrl);
        Map<Labels, Alert> fresh = new LinkedHashMap<>();
        Expander expander = res.isEmpty() ? null : new Expander(ts, (e, t) -> q.query(e, t), url);
        for (Sample smpl : res) {
            Object data = Expander.alertData(smpl.labels(), externalLabels, externalUrl, smpl.value());
            Labels.Builder lb = smpl.labels().toBuilder().remove(Labels.METRIC_NAME);
            for (Map.Entry<String, String> e : labelTemplates.entrySet()) {
                lb.set(e.getKey(), expand(expander, e.getValue(), data));
            }
            lb.set("alertname", name);
            Labels.Builder ab = Labels.builder();
            for (int i = 0; i < annotations.size(); i++) {
                ab.set(annotations.name(i), expand(expander, annotations.value(i), data));
            }
            Labels lbs = lb.build();
            if (fresh.containsKey(lbs)) {
                throw new RuleEvaluationException("vector contains metrics with the same labelset after applying alert labels");
            }
            fresh.put(lbs, new Alert(lbs, ab.build(), AlertState.PENDING, smpl.value(), ts, 0, 0, Alert.NEVER, 0, 0));
        }
        List<Sample> vec = new ArrayList<>();
        synchronized (this) {
            for (Map.Entry<Labels, Alert> e : fresh.entrySet()) {
                Alert old = active.get(e.getKey());
                if (old != null && old.state() != AlertState.INACTIVE) {
                    active.put(e.getKey(), old.withValueAndAnnotations(e.getValue().value(), e.getValue().annotations()));
                } else {
                    active.put(e.getKey(), e.getValue());
                }
            }
            int numActivePending = 0;
            Map<Labels, Alert> next = new LinkedHashMap<>();
            for (Map.Entry<Labels, Alert> e : active.entrySet()) {
                Alert a = e.getValue();
                AlertState state = a.state();
                long activeAt = a.activeAtMs();
                long firedAt = a.firedAtMs();
                long resolvedAt = a.resolvedAtMs();
                long lastSent = a.lastSentAtMs();
                long keepSince = a.keepFiringSinceMs();
                if (!fresh.containsKey(e.getKey())) {
                    boolean keepFiring = false;
                    if (state == AlertState.FIRING && keepFiringForMs > 0) {
                        if (keepSince == 0) {
                            keepSince = ts;
                        }
                        keepFiring = ts - keepSince < keepFiringForMs;
                    }
                    boolean drop = state == AlertState.PENDING || (resolvedAt != 0 && ts - resolvedAt > RESOLVED_RETENTION_MS);
                    if (state != AlertState.INACTIVE && !keepFiring) {
                        state = AlertState.INACTIVE;
                        resolvedAt = ts;
                    }
                    if (!keepFiring) {
                        if (!drop) {
                            next.put(e.getKey(), a.withTimes(state, activeAt, firedAt, resolvedAt, lastSent, a.validUntilMs(), keepSince));
                        }
                        continue;
                    }
                } else {
                    keepSince = 0;
                }
                numActivePending++;
                if (state == AlertState.PENDING && ts - activeAt >= holdMs) {
                    state = AlertState.FIRING;
                    firedAt = ts;
                }
                if (state == AlertState.FIRING && ts - activeAt < holdMs) {
                    // a restored activeAt can move a firing alert back to pending
                    state = AlertState.PENDING;
                    firedAt = 0;
                    lastSent = Alert.NEVER;
                    keepSince = 0;
                }
                Alert updated = a.withTimes(state, activeAt, firedAt, resolvedAt, lastSent, a.validUntilMs(), keepSince);
                next.put(e.getKey(), updated);
                if (restored) {
                    vec.add(alertSample(updated, ts - queryOffsetMs));
                    vec.add(forStateSample(updated, ts - queryOffsetMs, Math.floorDiv(updated.activeAtMs(), 1000)));
                }
            }
            active = next;
            if (limit > 0 && numActivePending > limit) {
                active = new LinkedHashMap<>();
                throw new RuleEvaluationException("exceeded limit of " + limit + " with " + numActivePending + " alerts");
            }
        }
        return vec;
    }

    private String expand(Expander expander, String text, Object data) {
        String templateName = "__alert_" + name;
        try {
            Object parsed = templates.computeIfAbsent(text, tx -> {
                try {
                    return Expander.parse(templateName, Expander.ALERT_DEFS + tx);
                } catch (TemplateException e) {
                    return e;
                }
            });
            if (parsed instanceof TemplateException e) {
                throw e;
            }
            return expander.execute(templateName, (Template) parsed, data);
        } catch (TemplateException e) {
            return "<error expanding template: " + e.getMessage() + ">";
        }
    }

    private Sample alertSample(Alert a, long t) {
        Labels.Builder b = labels.toBuilder();
        Labels al = a.labels();
        for (int i = 0; i < al.size(); i++) {
            b.set(al.name(i), al.value(i));
        }
        b.set(Labels.METRIC_NAME, ALERTS).set("alertname", name).set("alertstate", a.state().apiName());
        return new Sample(b.build(), t, 1);
    }

    Sample forStateSample(Alert a, long t, double v) {
        Labels.Builder b = labels.toBuilder();
        Labels al = a.labels();
        for (int i = 0; i < al.size(); i++) {
            b.set(al.name(i), al.value(i));
        }
        b.set(Labels.METRIC_NAME, ALERTS_FOR_STATE).set("alertname", name);
        return new Sample(b.build(), t, v);
    }

    /**
     * Marks the alerts that need sending at {@code ts} as sent and returns them with their
     * {@code validUntil} set to {@code ts + 4 * max(interval, resendDelay)}.
     */
    synchronized List<Alert> alertsToSend(long ts, long resendDelayMs, long intervalMs) {
        List<Alert> out = new ArrayList<>();
        for (Map.Entry<Labels, Alert> e : active.entrySet()) {
            Alert a = e.getValue();
            if (a.needsSending(ts, resendDelayMs)) {
                long validUntil = ts + 4 * Math.max(intervalMs, resendDelayMs);
                Alert sent = a.withTimes(a.state(), a.activeAtMs(), a.firedAtMs(), a.resolvedAtMs(), ts, validUntil, a.keepFiringSinceMs());
                e.setValue(sent);
                out.add(sent);
            }
        }
        return out;
    }

    /** Every alert including resolved ones still retained. */
    public synchronized List<Alert> currentAlerts() {
        return List.copyOf(active.values());
    }

    /** Pending and firing alerts (those not resolved), as the alerts API lists them. */
    public synchronized List<Alert> activeAlerts() {
        List<Alert> out = new ArrayList<>();
        for (Alert a : active.values()) {
            if (a.resolvedAtMs() == 0) {
                out.add(a);
            }
        }
        return out;
    }

    /** The highest state over the alerts, UNKNOWN before the first evaluation. */
    public synchronized AlertState state() {
        if (!evaluated) {
            return AlertState.UNKNOWN;
        }
        AlertState max = AlertState.INACTIVE;
        for (Alert a : active.values()) {
            if (a.state().compareTo(max) > 0) {
                max = a.state();
            }
        }
        return max;
    }

    synchronized void copyAlertsFrom(AlertingRule other) {
        active.putAll(other.currentAlertsMap());
    }

    private synchronized Map<Labels, Alert> currentAlertsMap() {
        return new LinkedHashMap<>(active);
    }

    /** Sets an alert's activeAt (the for-state restore). */
    synchronized void restoreActiveAt(Labels alertLabels, long activeAtMs) {
        Alert a = active.get(alertLabels);
        if (a != null) {
            active.put(alertLabels, a.withTimes(a.state(), activeAtMs, a.firedAtMs(), a.resolvedAtMs(), a.lastSentAtMs(),
                    a.validUntilMs(), a.keepFiringSinceMs()));
        }
    }

    @Override
    public void recordEvaluation(long startMs, double seconds, RuleHealth health, String error) {
        status.record(startMs, seconds, health, error);
    }

    @Override
    public RuleHealth health() {
        return status.health();
    }

    @Override
    public String lastError() {
        return status.lastError();
    }

    @Override
    public long lastEvaluationMs() {
        return status.lastEvaluationMs();
    }

    @Override
    public double evaluationSeconds() {
        return status.evaluationSeconds();
    }
}
