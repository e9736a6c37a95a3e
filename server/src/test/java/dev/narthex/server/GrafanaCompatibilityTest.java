package dev.narthex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.server.config.ConfigHolder;
import dev.narthex.server.tool.JsonTree;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the requests of Grafana's Prometheus data source (pkg/promlib and the frontend) against the real
 * engine over HTTP, asserting every field Grafana reads.
 */
class GrafanaCompatibilityTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;
    private NarthexServer server;
    private String base;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        ServerFlags flags = ServerFlags.parse("--storage.tsdb.path=" + dir, "--storage.tsdb.retention.time=100y",
                "--web.listen-address=127.0.0.1:0", "--query.warmup=0s").flags();
        ConfigHolder config = ConfigHolder.fromText("global:\n  evaluation_interval: 1m\n", "test");
        EngineBackend backend = EngineBackend.open(flags, config);
        Appender app = backend.appendable().appender();
        for (int i = 0; i <= 40; i++) {
            long t = T0 + i * 15_000L;
            app.append(0, Labels.of("__name__", "up", "job", "api", "instance", "a:9090"), t, 1);
            app.append(0, Labels.of("__name__", "up", "job", "db", "instance", "b:9090"), t, 0);
            app.append(0, Labels.of("__name__", "requests_total", "job", "api", "http.method", "GET"), t, i * 30);
        }
        app.commit();
        server = new NarthexServer(flags, config, backend);
        base = "http://127.0.0.1:" + server.start().getPort();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Answer(int status, Map<String, Object> json, String body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> data() {
            return (Map<String, Object>) json.get("data");
        }
    }

    private static String form(String... kv) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            sb.append(sb.isEmpty() ? "" : "&").append(URLEncoder.encode(kv[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private Answer send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(b.header("Accept", "application/json, text/plain, */*").build(),
                HttpResponse.BodyHandlers.ofString());
        String type = r.headers().firstValue("content-type").orElse("");
        return new Answer(r.statusCode(), type.equals("application/json") ? jsonObject(r.body()) : null, r.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsonObject(String body) throws IOException {
        return (Map<String, Object>) JsonTree.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private Answer post(String path, String... kv) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(kv))));
    }

    private Answer get(String path, String... kv) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path + (kv.length == 0 ? "" : "?" + form(kv)))).GET());
    }

    @Test
    void saveAndTest() throws Exception {
        Answer q = post("/api/v1/query", "query", "1+1", "time", "4");
        assertEquals(200, q.status());
        assertEquals("success", q.json().get("status"));
        assertEquals("scalar", q.data().get("resultType"));
        assertEquals(List.of(4.0, "2"), q.data().get("result"));

        Answer info = get("/api/v1/status/buildinfo");
        assertEquals(200, info.status());
        String version = (String) info.data().get("version");
        assertTrue(version.matches("3\\.\\d+\\.\\d+"), version);
        // Grafana takes a "features" field as the sign of Mimir/Cortex and would switch flavour.
        assertFalse(info.data().containsKey("features"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void instantAndRangeFormQueriesWithTimeout() throws Exception {
        Answer inst = post("/api/v1/query", "query", "up", "time", String.valueOf(T0 / 1000 + 300), "timeout", "2m");
        assertEquals("vector", inst.data().get("resultType"));
        List<Map<String, Object>> vec = (List<Map<String, Object>>) inst.data().get("result");
        assertEquals(2, vec.size());
        assertEquals(Map.of("__name__", "up", "job", "api", "instance", "a:9090"), vec.get(0).get("metric"));
        assertEquals(List.of((double) (T0 / 1000 + 300), "1"), vec.get(0).get("value"));

        Answer range = post("/api/v1/query_range", "query", "sum by (job) (requests_total)",
                "start", String.valueOf(T0 / 1000 + 60), "end", String.valueOf(T0 / 1000 + 120), "step", "30",
                "timeout", "2m");
        assertEquals(200, range.status());
        assertEquals("matrix", range.data().get("resultType"));
        List<Map<String, Object>> m = (List<Map<String, Object>>) range.data().get("result");
        assertEquals(Map.of("job", "api"), m.get(0).get("metric"));
        List<List<Object>> values = (List<List<Object>>) m.get(0).get("values");
        assertEquals(List.of((double) (T0 / 1000 + 60), "120"), values.get(0));
        assertEquals(3, values.size());
        assertFalse(range.json().containsKey("warnings"));
    }

    @Test
    void statsWhenRequested() throws Exception {
        Answer a = post("/api/v1/query", "query", "up", "time", String.valueOf(T0 / 1000 + 300), "stats", "all");
        Map<?, ?> stats = (Map<?, ?>) a.data().get("stats");
        assertTrue(((Map<?, ?>) stats.get("timings")).containsKey("evalTotalTime"), a.body());
        assertTrue(((Map<?, ?>) stats.get("samples")).containsKey("totalQueryableSamples"), a.body());
    }

    @Test
    void infosForSuspiciousQueries() throws Exception {
        Answer a = post("/api/v1/query", "query", "rate(up[5m])", "time", String.valueOf(T0 / 1000 + 300));
        assertEquals(200, a.status());
        @SuppressWarnings("unchecked")
        List<String> infos = (List<String>) a.json().get("infos");
        assertTrue(infos.get(0).startsWith("PromQL info: metric might not be a counter"), a.body());
    }

    @Test
    void errorsCarryTypeAndText() throws Exception {
        Answer a = post("/api/v1/query", "query", "sum(", "time", "4");
        assertEquals(400, a.status());
        assertEquals("error", a.json().get("status"));
        assertEquals("bad_data", a.json().get("errorType"));
        assertTrue(((String) a.json().get("error")).startsWith("invalid parameter \"query\": 1:5: parse error"), a.body());
    }

    @Test
    void exemplarProbeWithMillisecondTimes() throws Exception {
        // The frontend's probe sends start/end as epoch milliseconds; Prometheus reads them as seconds and succeeds.
        Answer a = get("/api/v1/query_exemplars", "query", "test", "start", String.valueOf(T0 - 1_800_000L),
                "end", String.valueOf(T0));
        assertEquals(200, a.status());
        assertEquals("success", a.json().get("status"));
        assertEquals(List.of(), a.json().get("data"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void labelAndSeriesLookupsWithMatchAndLimit() throws Exception {
        String start = String.valueOf(T0 / 1000);
        String end = String.valueOf(T0 / 1000 + 600);
        Answer names = get("/api/v1/labels", "match[]", "up", "start", start, "end", end);
        assertEquals(List.of("__name__", "instance", "job"), names.json().get("data"));

        Answer limited = get("/api/v1/labels", "match[]", "up", "start", start, "end", end, "limit", "2");
        assertEquals(List.of("__name__", "instance"), limited.json().get("data"));
        assertEquals(List.of("results truncated due to limit"), limited.json().get("warnings"));

        Answer values = get("/api/v1/label/job/values", "match[]", "up{instance=\"a:9090\"}", "start", start, "end", end);
        assertEquals(List.of("api"), values.json().get("data"));

        Answer series = get("/api/v1/series", "match[]", "up", "start", start, "end", end, "limit", "1");
        assertEquals(List.of(Map.of("__name__", "up", "instance", "a:9090", "job", "api")), series.json().get("data"));
        assertEquals(List.of("results truncated due to limit"), series.json().get("warnings"));
    }

    @Test
    void escapedUtf8LabelName() throws Exception {
        // Grafana escapes a label name outside the legacy charset: "." is U+002E.
        Answer a = get("/api/v1/label/U__http_2e_method/values");
        assertEquals(200, a.status());
        assertEquals(List.of("GET"), a.json().get("data"));
    }

    @Test
    void getRetryAfter405() throws Exception {
        // Grafana posts metadata look-ups and retries with GET when the server answers 405, as Prometheus does
        // for its GET-only routes.
        Answer posted = post("/api/v1/label/job/values");
        assertEquals(405, posted.status());
        assertEquals(405, post("/api/v1/metadata").status());
        Answer retried = get("/api/v1/label/job/values");
        assertEquals(List.of("api", "db"), retried.json().get("data"));
    }

    @Test
    void timeoutIs503WithPrometheusText() throws Exception {
        // A microsecond: no evaluation is that fast (1 ms was, sometimes, once queries got quicker).
        Answer a = post("/api/v1/query_range", "query", "sum(rate(requests_total[1m])) + count_over_time(up[10m:1s])",
                "start", String.valueOf(T0 / 1000), "end", String.valueOf(T0 / 1000 + 10_000), "step", "1", "timeout", "0.000001");
        assertEquals(503, a.status(), a.body());
        assertEquals("timeout", a.json().get("errorType"));
        assertTrue(((String) a.json().get("error")).startsWith("query timed out in "), a.body());
    }
}
