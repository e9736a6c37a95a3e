package dev.narthex.engine.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Labels;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.StaleNaN;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleGroupTest {
    @TempDir
    Path dir;

    /** The group's first slot after {@code t}: how the manager schedules a new group. */
    private static long firstSlot(RuleGroup g, long t) {
        return g.evalTimestamp(t) + g.intervalMs();
    }

    @Test
    void laterRulesSeeEarlierResultsOfTheSameEvaluation() throws Exception {
        RulesFixture f = new RulesFixture(dir);
        f.rules("r.yml", """
                groups:
                  - name: chain
                    rules:
                      - record: a
                        expr: vector(1)
                      - record: b
                        expr: a * 2
                      - record: c
                        expr: b + a
                """, 60_000);
        long t = firstSlot(f.group(), 0);
        f.at(t);
        SampleBuffer c = f.raw(Labels.of("__name__", "c"));
        assertEquals(1, c.size());
        assertEquals(t, c.timestamp(0));
        assertEquals(3.0, c.value(0));
        for (Rule r : f.group().rules()) {
            assertEquals(RuleHealth.OK, r.health());
            assertNull(r.lastError());
            assertEquals(t, r.lastEvaluationMs());
        }
    }

    @Test
    void vanishedOutputSeriesGetStalenessMarkers() throws Exception {
        RulesFixture f = new RulesFixture(dir);
        f.rules("r.yml", """
                groups:
                  - name: g
                    rules:
                      - record: y
                        expr: x > 0
                """, 60_000);
        long t0 = firstSlot(f.group(), 0);
        f.append(Labels.of("__name__", "x", "i", "1"), t0 - 1000, 5);
        f.append(Labels.of("__name__", "x", "i", "2"), t0 - 1000, 7);
        f.at(t0);
        f.append(Labels.of("__name__", "x", "i", "1"), t0 + 59_000, 5);
        f.append(Labels.of("__name__", "x", "i", "2"), t0 + 59_000, 0);
        f.at(t0 + 60_000);
        SampleBuffer gone = f.raw(Labels.of("__name__", "y", "i", "2"));
        assertEquals(2, gone.size());
        assertEquals(7.0, gone.value(0));
        assertEquals(t0 + 60_000, gone.timestamp(1));
        assertTrue(StaleNaN.is(gone.value(1)));
        SampleBuffer kept = f.raw(Labels.of("__name__", "y", "i", "1"));
        assertEquals(2, kept.size());
        assertEquals(5.0, kept.value(1));
    }

    @Test
    void queryOffsetShiftsQueryAndSampleTime() throws Exception {
        RulesFixture f = new RulesFixture(dir);
        f.rules("r.yml", """
                groups:
                  - name: g
                    query_offset: 30s
                    rules:
                      - record: y
                        expr: x
                """, 60_000);
        long t = firstSlot(f.group(), 10 * 60_000);
        f.append(Labels.of("__name__", "x"), t - 40_000, 1);
        f.append(Labels.of("__name__", "x"), t - 10_000, 2);
        f.at(t);
        SampleBuffer y = f.raw(Labels.of("__name__", "y"));
        assertEquals(1, y.size());
        assertEquals(t - 30_000, y.timestamp(0));
        assertEquals(1.0, y.value(0));
    }

    @Test
    void limitAndDuplicateLabelSetsFailTheRule() throws Exception {
        RulesFixture f = new RulesFixture(dir);
        f.rules("r.yml", """
                groups:
                  - name: g
                    limit: 1
                    rules:
                      - record: y
                        expr: x
                      - record: z
                        expr: x
                        labels: {i: ""}
                """, 60_000);
        long t = firstSlot(f.group(), 0);
        f.append(Labels.of("__name__", "x", "i", "1"), t - 1000, 1);
        f.append(Labels.of("__name__", "x", "i", "2"), t - 1000, 1);
        f.at(t);
        Rule y = f.group().rules().get(0);
        Rule z = f.group().rules().get(1);
        assertEquals(RuleHealth.ERR, y.health());
        assertEquals("exceeded limit 1 with 2 series", y.lastError());
        assertEquals("vector contains metrics with the same labelset after applying rule labels", z.lastError());
        assertEquals(0, f.raw(Labels.of("__name__", "y", "i", "1")).size());
    }

    @Test
    void evaluationSlotsAreIntervalAlignedWithAStablePerGroupOffset() throws Exception {
        RuleGroup g = new RuleGroup("name", "file.yml", 60_000, 0, 0, Labels.EMPTY, List.of());
        long slot = g.evalTimestamp(1_000_000_000L);
        long offset = Math.floorMod(slot, 60_000);
        assertTrue(slot <= 1_000_000_000L && slot > 1_000_000_000L - 60_000);
        for (long now = 0; now < 300_000; now += 7_000) {
            long s = g.evalTimestamp(now);
            assertEquals(offset, Math.floorMod(s, 60_000));
            assertTrue(s <= now && s > now - 60_000);
        }
        RuleGroup other = new RuleGroup("other", "file.yml", 60_000, 0, 0, Labels.EMPTY, List.of());
        assertTrue(Math.floorMod(other.evalTimestamp(0), 60_000) != offset, "different groups spread over the interval");
    }

    @Test
    void reloadKeepsUnchangedGroupsAndMarksRemovedGroupsStale() throws Exception {
        RulesFixture f = new RulesFixture(dir);
        String keep = """
                groups:
                  - name: keep
                    rules:
                      - record: k
                        expr: vector(1)
                  - name: gone
                    rules:
                      - record: g
                        expr: vector(2)
                """;
        f.rules("r.yml", keep, 60_000);
        RuleGroup kept = f.manager.groups().get(0);
        long t = Math.max(firstSlot(kept, 0), firstSlot(f.manager.groups().get(1), 0));
        f.at(t);
        f.clock.set(t + 1000);
        f.rules("r.yml", """
                groups:
                  - name: keep
                    rules:
                      - record: k
                        expr: vector(1)
                """, 60_000);
        assertSame(kept, f.manager.groups().get(0));
        SampleBuffer g = f.raw(Labels.of("__name__", "g"));
        assertEquals(2, g.size());
        assertEquals(t + 1000, g.timestamp(1));
        assertTrue(StaleNaN.is(g.value(1)));
        f.rules("r.yml", """
                groups:
                  - name: keep
                    interval: 30s
                    rules:
                      - record: k
                        expr: vector(1)
                """, 60_000);
        assertNotSame(kept, f.manager.groups().get(0));
        assertEquals(kept.lastEvaluationMs(), f.manager.groups().get(0).lastEvaluationMs());
    }

    @Test
    void invalidReloadChangesNothing() throws Exception {
        RulesFixture f = new RulesFixture(dir);
        f.rules("r.yml", "groups:\n  - name: a\n    rules:\n      - record: k\n        expr: vector(1)\n", 60_000);
        RuleGroup before = f.group();
        try {
            f.rules("r.yml", "groups:\n  - name: a\n    rules:\n      - record: k\n        expr: vector(\n", 60_000);
        } catch (RuleFileException e) {
            assertTrue(e.getMessage().contains("could not parse expression"), e.getMessage());
        }
        assertSame(before, f.group());
    }

    @Test
    void changedGroupKeepsTheAlertsOfUnchangedRules() throws Exception {
        RulesFixture f = new RulesFixture(dir);
        String rules = """
                groups:
                  - name: g
                    interval: %s
                    rules:
                      - alert: Always
                        expr: vector(1)
                        for: 10m
                """;
        f.rules("r.yml", rules.formatted("1m"), 60_000);
        long t = firstSlot(f.group(), 0);
        f.at(t);
        long activeAt = ((AlertingRule) f.group().rules().get(0)).activeAlerts().get(0).activeAtMs();
        f.rules("r.yml", rules.formatted("30s"), 60_000);
        AlertingRule after = (AlertingRule) f.group().rules().get(0);
        assertEquals(30_000, f.group().intervalMs());
        assertEquals(List.of(activeAt), after.activeAlerts().stream().map(Alert::activeAtMs).toList());
    }

    @Test
    void ruleFileGlobsExpandSortedPerPattern() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("rules"));
        for (String n : List.of("b.yml", "a.yml", "c.txt")) {
            java.nio.file.Files.writeString(dir.resolve("rules").resolve(n), "groups: []\n");
        }
        assertEquals(List.of(dir.resolve("rules/a.yml"), dir.resolve("rules/b.yml"), dir.resolve("rules/c.txt")),
                RuleFiles.expand(dir, List.of("rules/*.yml", "rules/c.txt", "missing/*.yml")));
    }
}
