package dev.narthex.engine.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.promql.value.Sample;
import dev.narthex.storage.Labels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertingRuleTest {
    private static final long MIN = 60_000;
    private static final Labels SERIES = Labels.of("__name__", "up", "job", "a");

    @TempDir
    Path dir;

    /** Query input: what the expression returns at each evaluation (set by the test before evaluating). */
    private final List<Sample> result = new ArrayList<>();
    private final RuleQuery query = (expr, t) -> result.stream().map(s -> new Sample(s.labels(), t, s.value())).toList();

    private AlertingRule rule(long forMs, long keepFiringMs) {
        return new AlertingRule("Down", "up == 0", forMs, keepFiringMs, Map.of("severity", "page"),
                Labels.of("summary", "{{ $labels.job }} is {{ $value }}"), Labels.EMPTY, "", true);
    }

    private void down() {
        result.clear();
        result.add(new Sample(SERIES, 0, 0));
    }

    private void up() {
        result.clear();
    }

    @Test
    void pendingThenFiringThenResolvedAndRetained() throws Exception {
        AlertingRule r = rule(2 * MIN, 0);
        down();
        List<Sample> out = r.eval(0, 0, query, 0);
        Alert a = r.activeAlerts().get(0);
        assertEquals(AlertState.PENDING, a.state());
        assertEquals(Labels.of("alertname", "Down", "job", "a", "severity", "page"), a.labels());
        assertEquals(Labels.of("summary", "a is 0"), a.annotations());
        assertEquals(List.of(
                new Sample(Labels.of("__name__", "ALERTS", "alertname", "Down", "alertstate", "pending", "job", "a", "severity", "page"), 0, 1),
                new Sample(Labels.of("__name__", "ALERTS_FOR_STATE", "alertname", "Down", "job", "a", "severity", "page"), 0, 0)), out);
        r.eval(MIN, 0, query, 0);
        assertEquals(AlertState.PENDING, r.state());
        out = r.eval(2 * MIN, 0, query, 0);
        assertEquals(AlertState.FIRING, r.state());
        assertEquals(2 * MIN, r.activeAlerts().get(0).firedAtMs());
        assertEquals("firing", out.get(0).labels().get("alertstate"));
        up();
        out = r.eval(3 * MIN, 0, query, 0);
        assertTrue(out.isEmpty(), "no ALERTS sample once resolved");
        assertTrue(r.activeAlerts().isEmpty());
        Alert resolved = r.currentAlerts().get(0);
        assertEquals(AlertState.INACTIVE, resolved.state());
        assertEquals(3 * MIN, resolved.resolvedAtMs());
        r.eval(3 * MIN + AlertingRule.RESOLVED_RETENTION_MS, 0, query, 0);
        assertEquals(1, r.currentAlerts().size(), "kept for exactly 15m");
        r.eval(4 * MIN + AlertingRule.RESOLVED_RETENTION_MS, 0, query, 0);
        assertTrue(r.currentAlerts().isEmpty());
    }

    @Test
    void pendingAlertThatClearsIsDroppedAtOnce() throws Exception {
        AlertingRule r = rule(5 * MIN, 0);
        down();
        r.eval(0, 0, query, 0);
        up();
        r.eval(MIN, 0, query, 0);
        assertTrue(r.currentAlerts().isEmpty());
        assertEquals(AlertState.INACTIVE, r.state());
    }

    @Test
    void keepFiringForHoldsTheAlertAfterTheConditionClears() throws Exception {
        AlertingRule r = rule(0, 2 * MIN);
        down();
        r.eval(0, 0, query, 0);
        assertEquals(AlertState.FIRING, r.state());
        up();
        List<Sample> out = r.eval(MIN, 0, query, 0);
        assertEquals(AlertState.FIRING, r.state());
        assertEquals(MIN, r.activeAlerts().get(0).keepFiringSinceMs());
        assertEquals(2, out.size());
        r.eval(2 * MIN, 0, query, 0);
        assertEquals(AlertState.FIRING, r.state());
        r.eval(3 * MIN, 0, query, 0);
        assertEquals(AlertState.INACTIVE, r.state());
        assertEquals(3 * MIN, r.currentAlerts().get(0).resolvedAtMs());
    }

    @Test
    void alertsAreSentOnFiringEveryResendDelayAndOnceResolved() throws Exception {
        AlertingRule r = rule(0, 0);
        down();
        r.eval(0, 0, query, 0);
        List<Alert> sent = r.alertsToSend(0, MIN, 15_000);
        assertEquals(1, sent.size());
        assertEquals(4 * MIN, sent.get(0).validUntilMs(), "4 x max(resend delay, interval)");
        r.eval(15_000, 0, query, 0);
        assertTrue(r.alertsToSend(15_000, MIN, 15_000).isEmpty());
        r.eval(MIN + 1, 0, query, 0);
        assertEquals(1, r.alertsToSend(MIN + 1, MIN, 15_000).size());
        up();
        r.eval(MIN + 15_001, 0, query, 0);
        List<Alert> resolved = r.alertsToSend(MIN + 15_001, MIN, 15_000);
        assertEquals(1, resolved.size());
        assertEquals(MIN + 15_001, resolved.get(0).resolvedAtMs());
        assertTrue(r.alertsToSend(MIN + 30_001, MIN, 15_000).isEmpty());
    }

    @Test
    void tooManyAlertsAndDuplicateLabelSetsAreErrors() {
        AlertingRule r = new AlertingRule("X", "up", 0, 0, Map.of("job", "same"), Labels.EMPTY, Labels.EMPTY, "", true);
        result.clear();
        result.add(new Sample(Labels.of("__name__", "up", "job", "a"), 0, 1));
        result.add(new Sample(Labels.of("__name__", "up", "job", "b"), 0, 1));
        RuleEvaluationException dup = assertThrows(RuleEvaluationException.class, () -> r.eval(0, 0, query, 0));
        assertEquals("vector contains metrics with the same labelset after applying alert labels", dup.getMessage());
        AlertingRule limited = new AlertingRule("X", "up", 0, 0, Map.of(), Labels.EMPTY, Labels.EMPTY, "", true);
        RuleEvaluationException lim = assertThrows(RuleEvaluationException.class, () -> limited.eval(0, 0, query, 1));
        assertEquals("exceeded limit of 1 with 2 alerts", lim.getMessage());
        assertTrue(limited.currentAlerts().isEmpty());
    }

    @Test
    void brokenTemplateGoesIntoTheAnnotationText() throws Exception {
        AlertingRule r = new AlertingRule("T", "up", 0, 0, Map.of(), Labels.of("a", "{{ humanize \"x\" }}"), Labels.EMPTY, "", true);
        down();
        r.eval(0, 0, query, 0);
        assertEquals("<error expanding template: error executing template __alert_T: template: __alert_T:1:115: executing \"__alert_T\" "
                + "at <humanize \"x\">: error calling humanize: strconv.ParseFloat: parsing \"x\": invalid syntax>",
                r.activeAlerts().get(0).annotations().get("a"));
    }

    @Test
    void forStateIsRestoredAfterARestart() throws Exception {
        RulesFixture f = new RulesFixture(dir);
        Labels a = Labels.of("__name__", "up", "job", "a");
        Labels b = Labels.of("__name__", "up", "job", "b");
        // before the outage: job a pending since 0 until 10m, job b pending since 0 until 25m
        for (long t = 0; t <= 25 * MIN; t += MIN) {
            if (t <= 10 * MIN) {
                f.append(Labels.of("__name__", "ALERTS_FOR_STATE", "alertname", "Slow", "job", "a"), t, 0);
            }
            f.append(Labels.of("__name__", "ALERTS_FOR_STATE", "alertname", "Slow", "job", "b"), t, 0);
        }
        long restart = 40 * MIN;
        for (long t = restart - 5 * MIN; t <= restart + 60 * MIN; t += MIN) {
            f.append(a, t, 0);
            f.append(b, t, 0);
        }
        f.clock.set(restart);
        f.rules("r.yml", """
                groups:
                  - name: g
                    rules:
                      - alert: Slow
                        expr: up == 0
                        for: 30m
                """, MIN);
        RuleGroup g = f.group();
        long first = g.evalTimestamp(restart) + MIN;
        f.at(first);
        AlertingRule rule = (AlertingRule) g.rules().get(0);
        assertTrue(!rule.restored(), "no ALERTS output before restoring");
        f.at(first + MIN);
        assertTrue(rule.restored());
        long now = first + MIN;
        Map<String, Long> activeAt = new java.util.HashMap<>();
        for (Alert al : rule.activeAlerts()) {
            activeAt.put(al.labels().get("job"), al.activeAtMs());
        }
        // a: 10m of its 30m spent before the outage; the outage does not count
        assertEquals(now - 10 * MIN, activeAt.get("a"));
        // b: only 5m were left, less than the 10m grace period: it fires 10m after the restore
        assertEquals(now + 10 * MIN - 30 * MIN, activeAt.get("b"));
        f.at(now + 9 * MIN);
        assertEquals(AlertState.PENDING, stateOf(rule, "b"));
        f.at(now + 10 * MIN);
        assertEquals(AlertState.FIRING, stateOf(rule, "b"));
        assertEquals(AlertState.PENDING, stateOf(rule, "a"));
        f.at(now + 20 * MIN);
        assertEquals(AlertState.FIRING, stateOf(rule, "a"));
    }

    private static AlertState stateOf(AlertingRule r, String job) {
        return r.activeAlerts().stream().filter(x -> job.equals(x.labels().get("job"))).findFirst().orElseThrow().state();
    }
}
