package dev.narthex.engine.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleManagerTest {
    private static final long MIN = 60_000;

    @TempDir
    Path dir;

    @Test
    void snapshotShowsEveryApiField() throws Exception {
        RulesFixture f = new RulesFixture(dir);
        f.rules("r.yml", """
                groups:
                  - name: g
                    interval: 30s
                    limit: 5
                    rules:
                      - record: one
                        expr: vector(1)
                        labels: {k: v}
                      - alert: Always
                        expr: vector(1) > 0
                        for: 1m
                        keep_firing_for: 2m
                        labels: {severity: page}
                        annotations: {summary: "value {{ $value }}"}
                      - record: broken
                        expr: label_replace(vector(1), "i", "a", "", "") or label_replace(vector(2), "i", "b", "", "")
                        labels: {i: ""}
                """, MIN);
        RuleSnapshot.Group before = f.manager.snapshot().get(0);
        assertEquals("unknown", before.rules().get(0).health());
        assertEquals("unknown", before.rules().get(1).state());
        long t = f.group().evalTimestamp(0) + 30_000;
        f.at(t);
        f.at(t + 30_000);
        RuleSnapshot.Group g = f.manager.snapshot().get(0);
        assertEquals("g", g.name());
        assertEquals(dir.resolve("r.yml").toString(), g.file());
        assertEquals(30.0, g.intervalSeconds());
        assertEquals(5, g.limit());
        assertEquals(t + 30_000, g.lastEvaluationMs());
        assertTrue(g.evaluationSeconds() > 0);
        RuleSnapshot.RuleView rec = g.rules().get(0);
        assertEquals("recording", rec.type());
        assertEquals("one", rec.name());
        assertEquals("vector(1)", rec.query());
        assertEquals(Map.of("k", "v"), rec.labels());
        assertEquals("ok", rec.health());
        assertNull(rec.lastError());
        RuleSnapshot.RuleView alert = g.rules().get(1);
        assertEquals("alerting", alert.type());
        assertEquals(60.0, alert.durationSeconds());
        assertEquals(120.0, alert.keepFiringForSeconds());
        assertEquals("pending", alert.state());
        assertEquals(Map.of("summary", "value {{ $value }}"), alert.annotations(), "the rule shows its templates");
        assertEquals(List.of(new RuleSnapshot.AlertView(Map.of("alertname", "Always", "severity", "page"), Map.of("summary", "value 1"),
                "pending", t, 0, 1.0)), alert.alerts());
        RuleSnapshot.RuleView broken = g.rules().get(2);
        assertEquals("err", broken.health());
        assertEquals("vector contains metrics with the same labelset after applying rule labels", broken.lastError());
        assertEquals(1, f.manager.activeAlerts().size());
    }

    @Test
    void newGroupsRestoreAfterTheirSecondEvaluationAndThenEmitAlertSeries() throws Exception {
        RulesFixture f = new RulesFixture(dir);
        f.rules("r.yml", """
                groups:
                  - name: g
                    rules:
                      - alert: Always
                        expr: vector(1)
                """, MIN);
        AlertingRule r = (AlertingRule) f.group().rules().get(0);
        long t = f.group().evalTimestamp(0) + MIN;
        f.at(t);
        assertEquals(0, f.raw(Labels.of("__name__", "ALERTS", "alertname", "Always", "alertstate", "firing")).size());
        f.at(t + MIN);
        assertTrue(r.restored());
        f.at(t + 2 * MIN);
        assertEquals(1, f.raw(Labels.of("__name__", "ALERTS", "alertname", "Always", "alertstate", "firing")).size());
        assertEquals(2, f.notified.stream().filter(l -> !l.isEmpty()).count(),
                "sent at the first evaluation, then only once more than the 1m resend delay has passed");
    }

    @Test
    void missedSlotsAreSkippedAndRunDueOnlyRunsWhatIsDue() throws Exception {
        RulesFixture f = new RulesFixture(dir);
        f.rules("r.yml", "groups:\n  - name: g\n    rules:\n      - record: one\n        expr: vector(1)\n", MIN);
        long first = f.group().evalTimestamp(0) + MIN;
        f.clock.set(first - 1);
        assertEquals(0, f.manager.runDue());
        assertEquals(first, f.manager.nextDueMs());
        f.clock.set(first + 3 * MIN + 5);
        assertEquals(1, f.manager.runDue());
        assertEquals(first + 4 * MIN, f.manager.nextDueMs());
        assertEquals(first + 3 * MIN, f.raw(Labels.of("__name__", "one")).timestamp(0));
    }

    @Test
    void backgroundThreadEvaluatesOnTheWallClock() throws Exception {
        RulesFixture f = new RulesFixture(dir);
        long start = System.currentTimeMillis();
        f.clock.set(start);
        Path rules = dir.resolve("r.yml");
        Files.writeString(rules, "groups:\n  - name: g\n    interval: 100ms\n    rules:\n      - record: one\n        expr: vector(1)\n");
        RuleManager m = new RuleManager(RuleManagerOptions.defaults(f.storage, f.storage,
                new dev.narthex.promql.engine.PromqlEngine(dev.narthex.promql.engine.EngineOptions.DEFAULTS), System::currentTimeMillis));
        m.update(MIN, 0, List.of(rules), Labels.EMPTY, "");
        m.start();
        try {
            long deadline = System.currentTimeMillis() + 5000;
            while (f.raw(Labels.of("__name__", "one")).size() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            m.close();
        }
        assertTrue(f.raw(Labels.of("__name__", "one")).size() >= 2);
    }
}
