package dev.narthex.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.engine.rules.Alert;
import dev.narthex.engine.rules.AlertState;
import dev.narthex.promql.value.Sample;
import dev.narthex.storage.Labels;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness as a user's JUnit test would use it. */
class RuleTestHarnessTest {
    private static final String RULES = """
            groups:
              - name: g
                rules:
                  - record: job:errors:ratio
                    expr: sum by (job) (errors) / sum by (job) (requests)
                  - alert: ErrorsHigh
                    expr: job:errors:ratio > 0.1
                    for: 2m
                    annotations:
                      summary: "{{ $labels.job }} errors at {{ humanizePercentage $value }}"
            """;

    @Test
    void alertGoesPendingThenFiringThenAway() throws Exception {
        try (RuleTestHarness h = RuleTestHarness.fromYaml(Duration.ofMinutes(1), RULES)) {
            h.load(Duration.ofMinutes(1),
                    "requests{job=\"api\"} 100x10",
                    "errors{job=\"api\"} 1 1 20 20 20 20 20 1 1 1");
            h.advanceTo(Duration.ofMinutes(1));
            assertTrue(h.alerts("ErrorsHigh").isEmpty());
            h.advanceTo(Duration.ofMinutes(3));
            Alert pending = h.alerts("ErrorsHigh").get(0);
            assertEquals(AlertState.PENDING, pending.state());
            assertEquals(120_000, pending.activeAtMs());
            h.advanceTo(Duration.ofMinutes(4));
            List<Alert> firing = h.firingAlerts("ErrorsHigh");
            assertEquals(1, firing.size());
            assertEquals(Labels.of("alertname", "ErrorsHigh", "job", "api"), firing.get(0).labels());
            assertEquals("api errors at 20%", firing.get(0).annotations().get("summary"));
            h.advanceTo(Duration.ofMinutes(7));
            assertTrue(h.alerts("ErrorsHigh").isEmpty());
            List<Sample> ratio = h.query("job:errors:ratio", Duration.ofMinutes(5));
            assertEquals(1, ratio.size());
            assertEquals(0.2, ratio.get(0).value());
            List<Sample> alerts = h.query("ALERTS", Duration.ofMinutes(4));
            assertEquals("firing", alerts.get(0).labels().get("alertstate"));
        }
    }
}
