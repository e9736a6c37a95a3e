package dev.narthex.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.narthex.engine.rules.RuleSnapshot;
import dev.narthex.storage.Matcher;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesJsonTest {
    private static final long T = 1_700_000_000_123L;
    private static final RuleSnapshot.AlertView ALERT = new RuleSnapshot.AlertView(Map.of("alertname", "Down", "job", "a"),
            Map.of("summary", "a is down"), "firing", T - 60_000, 0, 1);
    private static final RuleSnapshot.RuleView RECORD = new RuleSnapshot.RuleView("recording", "job:up:sum", "sum by (job) (up)",
            Map.of(), "ok", null, T, 0.0005, 0, 0, Map.of(), null, List.of());
    private static final RuleSnapshot.RuleView ALERTING = new RuleSnapshot.RuleView("alerting", "Down", "up == 0",
            Map.of("severity", "page"), "err", "boom", 0, 0, 60, 0, Map.of("summary", "{{ $labels.job }} is down"), "firing",
            List.of(ALERT));
    private static final List<RuleSnapshot.Group> GROUPS = List.of(
            new RuleSnapshot.Group("g", "/r/rules.yml", 30, 0, 0, List.of(RECORD, ALERTING), T, 0.0015),
            new RuleSnapshot.Group("h", "/r/other.yml", 60, 5, 0, List.of(), 0, 0));

    private interface Body {
        void write(JsonOut out) throws Exception;
    }

    private static String json(Body b) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonOut out = new JsonOut(bytes)) {
            b.write(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static RulesJson.Filter filter(String type, List<String> names, boolean excludeAlerts, List<List<Matcher>> match) {
        return new RulesJson.Filter(type, names, List.of(), List.of(), excludeAlerts, match);
    }

    @Test
    void rulesInPrometheusShape() throws Exception {
        String alert = "{\"labels\":{\"alertname\":\"Down\",\"job\":\"a\"},\"annotations\":{\"summary\":\"a is down\"},"
                + "\"state\":\"firing\",\"activeAt\":\"2023-11-14T22:12:20.123Z\",\"value\":\"1e+00\"}";
        assertEquals("{\"groups\":[{\"name\":\"g\",\"file\":\"/r/rules.yml\",\"rules\":["
                + "{\"name\":\"job:up:sum\",\"query\":\"sum by (job) (up)\",\"health\":\"ok\",\"evaluationTime\":0.0005,"
                + "\"lastEvaluation\":\"2023-11-14T22:13:20.123Z\",\"type\":\"recording\"},"
                + "{\"state\":\"firing\",\"name\":\"Down\",\"query\":\"up == 0\",\"duration\":60,\"keepFiringFor\":0,"
                + "\"labels\":{\"severity\":\"page\"},\"annotations\":{\"summary\":\"{{ $labels.job }} is down\"},"
                + "\"alerts\":[" + alert + "],\"health\":\"err\",\"lastError\":\"boom\",\"evaluationTime\":0,"
                + "\"lastEvaluation\":\"0001-01-01T00:00:00Z\",\"type\":\"alerting\"}],"
                + "\"interval\":30,\"limit\":0,\"evaluationTime\":0.0015,\"lastEvaluation\":\"2023-11-14T22:13:20.123Z\"},"
                + "{\"name\":\"h\",\"file\":\"/r/other.yml\",\"rules\":[],\"interval\":60,\"limit\":5,\"evaluationTime\":0,"
                + "\"lastEvaluation\":\"0001-01-01T00:00:00Z\"}]}",
                json(out -> RulesJson.rules(out, GROUPS, filter("", List.of(), false, List.of()))));
        assertEquals("{\"alerts\":[" + alert + "]}", json(out -> RulesJson.alerts(out, GROUPS)));
    }

    @Test
    void filtersDropRulesAndThenEmptyGroups() throws Exception {
        String onlyAlert = json(out -> RulesJson.rules(out, GROUPS, filter("alert", List.of(), true, List.of())));
        assertEquals(1, count(onlyAlert, "\"name\":\"g\""));
        assertEquals(0, count(onlyAlert, "job:up:sum"));
        assertEquals(0, count(onlyAlert, "\"name\":\"h\""));
        assertEquals(1, count(onlyAlert, "\"alerts\":null"));

        String byName = json(out -> RulesJson.rules(out, GROUPS, filter("", List.of("job:up:sum"), false, List.of())));
        assertEquals(1, count(byName, "job:up:sum"));
        assertEquals(0, count(byName, "\"Down\""));

        String byLabel = json(out -> RulesJson.rules(out, GROUPS, filter("", List.of(), false,
                List.of(List.of(Matcher.equal("severity", "page"))))));
        assertEquals(1, count(byLabel, "\"name\":\"Down\""));
        assertEquals(0, count(byLabel, "job:up:sum"));

        String byFile = json(out -> RulesJson.rules(out, GROUPS, new RulesJson.Filter("", List.of(), List.of(), List.of("/r/other.yml"),
                false, List.of())));
        assertEquals("{\"groups\":[{\"name\":\"h\",\"file\":\"/r/other.yml\",\"rules\":[],\"interval\":60,\"limit\":5,"
                + "\"evaluationTime\":0,\"lastEvaluation\":\"0001-01-01T00:00:00Z\"}]}", byFile);
    }

    @Test
    void alertmanagersAndGoFloatFormats() throws Exception {
        assertEquals("{\"activeAlertmanagers\":[{\"url\":\"http://127.0.0.1:9093/api/v2/alerts\"}],\"droppedAlertmanagers\":[]}",
                json(out -> RulesJson.alertmanagers(out, List.of("http://127.0.0.1:9093/api/v2/alerts"))));
        assertEquals("1.2345e+02", RulesJson.formatE(123.45));
        assertEquals("5e-01", RulesJson.formatE(0.5));
        assertEquals("-1e+100", RulesJson.formatE(-1e100));
        assertEquals("0e+00", RulesJson.formatE(0));
        assertEquals("+Inf", RulesJson.formatE(Double.POSITIVE_INFINITY));
        assertEquals("NaN", RulesJson.formatE(Double.NaN));
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
