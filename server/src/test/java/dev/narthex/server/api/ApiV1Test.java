package dev.narthex.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.server.http.Request;
import dev.narthex.server.http.Response;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.ReferenceStorage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiV1Test {
    private static final long NOW = 1_700_000_000_000L;
    private final FakeQueryService queries = new FakeQueryService();
    private ApiV1 api;

    @BeforeEach
    void setUp() {
        ReferenceStorage storage = new ReferenceStorage();
        Appender app = storage.appender();
        app.append(0, Labels.of("__name__", "up", "job", "api", "instance", "a:1"), NOW - 60_000, 1);
        app.append(0, Labels.of("__name__", "up", "job", "db", "instance", "b:1"), NOW - 60_000, 0);
        app.append(0, Labels.of("__name__", "http_requests_total", "job", "api", "code", "200"), NOW - 30_000, 5);
        app.append(0, Labels.of("__name__", "old", "job", "api"), NOW - 10 * 86_400_000L, 5);
        app.append(0, Labels.of("__name__", "dotted", "http.status", "200"), NOW - 30_000, 1);
        app.commit();
        api = new ApiV1(queries, storage, new TestServerInfo(false), () -> NOW);
    }

    private record Answer(int status, String body, Map<String, String> headers) {
    }

    private Answer call(String method, String path, String... kv) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            form.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        }
        Response r = api.handle(Request.of(method, path, form));
        String body = r.body().toString(StandardCharsets.UTF_8);
        r.body().release();
        return new Answer(r.status(), body, r.headers());
    }

    private Answer get(String path, String... kv) {
        return call("GET", path, kv);
    }

    @Test
    void instantVectorShape() {
        Answer a = get("/api/v1/query", "query", "vec", "time", "1700000000.5");
        assertEquals(200, a.status);
        assertEquals("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"__name__\":\"up\",\"job\":\"a\\u003cb\\u003e\\u0026c\"},\"value\":[1700000000.500,\"1\"]},"
                + "{\"metric\":{\"__name__\":\"up\",\"job\":\"b\"},\"value\":[1700000000.500,\"NaN\"]},"
                + "{\"metric\":{\"__name__\":\"up\",\"job\":\"c\"},\"value\":[1700000000.500,\"1e-07\"]}]}}", a.body);
        assertEquals(1_700_000_000_500L, queries.lastTime);
    }

    @Test
    void scalarStringAndDefaultTime() {
        assertEquals("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"42\"]}}",
                get("/api/v1/query", "query", "42").body);
        assertEquals(NOW, queries.lastTime);
        assertEquals("{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1700000000,\"hi\"]}}",
                get("/api/v1/query", "query", "\"hi\"").body);
    }

    @Test
    void warningsAndInfos() {
        assertEquals("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]},"
                + "\"warnings\":[\"PromQL warning: careful\"],\"infos\":[\"PromQL info: fyi\"]}",
                get("/api/v1/query", "query", "warn").body);
    }

    @Test
    void limitTruncatesWithWarning() {
        Answer a = get("/api/v1/query", "query", "vec", "limit", "1");
        assertTrue(a.body.endsWith("\"value\":[1700000000,\"1\"]}]},\"warnings\":[\"results truncated due to limit\"]}"), a.body);
    }

    @Test
    void rangeMatrixShape() {
        Answer a = get("/api/v1/query_range", "query", "vec", "start", "1700000000", "end", "1700000060", "step", "30s");
        assertEquals(200, a.status);
        assertEquals("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                + "{\"metric\":{\"job\":\"a\"},\"values\":[[1700000000,\"0.5\"],[1700000030,\"1.5\"],[1700000060,\"2.5\"]]},"
                + "{\"metric\":{\"job\":\"b\"},\"values\":[[1700000000,\"0.5\"],[1700000030,\"1.5\"],[1700000060,\"2.5\"]]},"
                + "{\"metric\":{\"job\":\"empty\"}}]}}", a.body);
        assertEquals(30_000, queries.lastStep);
        assertNull(queries.lastOptions.timeout());
    }

    @Test
    void rangeParameterErrors() {
        assertEquals(error("invalid parameter \\\"end\\\": end timestamp must not be before start time"),
                get("/api/v1/query_range", "query", "vec", "start", "10", "end", "5", "step", "1").body);
        assertEquals(error("invalid parameter \\\"step\\\": zero or negative query resolution step widths are not accepted. Try a positive integer"),
                get("/api/v1/query_range", "query", "vec", "start", "0", "end", "5", "step", "0").body);
        assertEquals(error("invalid parameter \\\"step\\\": cannot parse \\\"\\\" to a valid duration"),
                get("/api/v1/query_range", "query", "vec", "start", "0", "end", "5").body);
        assertEquals(error("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"),
                get("/api/v1/query_range", "query", "vec", "start", "0", "end", "11001", "step", "1").body);
        assertEquals(200, get("/api/v1/query_range", "query", "vec", "start", "0", "end", "11000", "step", "1").status);
        assertEquals(error("invalid parameter \\\"start\\\": cannot parse \\\"x\\\" to a valid timestamp"),
                get("/api/v1/query_range", "query", "vec", "start", "x", "end", "5", "step", "1").body);
        Answer bad = get("/api/v1/query_range", "query", "vec", "start", "0", "end", "5", "step", "1", "lookback_delta", "zz");
        assertEquals(400, bad.status);
        assertEquals(error("error parsing lookback delta duration: cannot parse \\\"zz\\\" to a valid duration"), bad.body);
    }

    @Test
    void queryOptionsPassedThrough() {
        get("/api/v1/query", "query", "42", "timeout", "5s", "lookback_delta", "1m");
        assertEquals(Duration.ofSeconds(5), queries.lastOptions.timeout());
        assertEquals(Duration.ofMinutes(1), queries.lastOptions.lookbackDelta());
    }

    @Test
    void statsAddTimingsAndSamples() {
        String body = get("/api/v1/query", "query", "42", "stats", "all").body;
        assertTrue(body.contains("\"stats\":{\"timings\":{\"evalTotalTime\":"), body);
        assertTrue(body.contains("\"samples\":{\"totalQueryableSamples\":7,\"peakSamples\":3}"), body);
    }

    private static String error(String msg) {
        return "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"" + msg + "\"}";
    }

    @Test
    void errorsByType() {
        Answer parse = get("/api/v1/query", "query", "foo(");
        assertEquals(400, parse.status);
        assertEquals(error("invalid parameter \\\"query\\\": 1:1: parse error: unexpected character: 'foo('"), parse.body);
        Answer exec = get("/api/v1/query", "query", "exec_error");
        assertEquals(422, exec.status);
        assertEquals("{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"found duplicate series for the match group\"}", exec.body);
        Answer timeout = get("/api/v1/query", "query", "too_slow");
        assertEquals(503, timeout.status);
        assertTrue(timeout.body.contains("\"errorType\":\"timeout\""));
        assertEquals(499, get("/api/v1/query", "query", "canceled").status);
        Answer time = get("/api/v1/query", "query", "42", "time", "noon");
        assertEquals(400, time.status);
        assertEquals(error("invalid parameter \\\"time\\\": invalid time value for 'time': cannot parse \\\"noon\\\" to a valid timestamp"), time.body);
    }

    @Test
    void routing() {
        Answer missing = get("/api/v1/nope");
        assertEquals(404, missing.status);
        assertEquals("404 page not found\n", missing.body);
        Answer wrongMethod = call("DELETE", "/api/v1/query");
        assertEquals(405, wrongMethod.status);
        assertEquals("GET, POST, OPTIONS", wrongMethod.headers.get("Allow"));
        assertEquals(405, call("POST", "/api/v1/label/job/values").status);
        assertEquals(204, call("OPTIONS", "/api/v1/query").status);
    }

    @Test
    void series() {
        Answer a = get("/api/v1/series", "match[]", "up", "start", "1699999000", "end", "1700000000");
        assertEquals("{\"status\":\"success\",\"data\":["
                + "{\"__name__\":\"up\",\"instance\":\"a:1\",\"job\":\"api\"},"
                + "{\"__name__\":\"up\",\"instance\":\"b:1\",\"job\":\"db\"}]}", a.body);
        Answer two = get("/api/v1/series", "match[]", "up{job=\"db\"}", "match[]", "{__name__=~\"up|http_requests_total\",job=\"api\"}",
                "start", "1699999000", "end", "1700000000");
        assertEquals("{\"status\":\"success\",\"data\":["
                + "{\"__name__\":\"http_requests_total\",\"code\":\"200\",\"job\":\"api\"},"
                + "{\"__name__\":\"up\",\"instance\":\"a:1\",\"job\":\"api\"},"
                + "{\"__name__\":\"up\",\"instance\":\"b:1\",\"job\":\"db\"}]}", two.body);
        assertTrue(get("/api/v1/series", "match[]", "old").body.contains("\"old\""), "default range covers all time");
        assertEquals(error("no match[] parameter provided"), get("/api/v1/series").body);
        assertEquals(error("invalid parameter \\\"match[]\\\": match[] must contain at least one non-empty matcher"),
                get("/api/v1/series", "match[]", "{job=~\".*\"}").body);
        Answer limited = get("/api/v1/series", "match[]", "up", "limit", "1");
        assertTrue(limited.body.endsWith("\"job\":\"api\"}],\"warnings\":[\"results truncated due to limit\"]}"), limited.body);
    }

    @Test
    void labels() {
        assertEquals("{\"status\":\"success\",\"data\":[\"__name__\",\"code\",\"http.status\",\"instance\",\"job\"]}",
                get("/api/v1/labels").body);
        assertEquals("{\"status\":\"success\",\"data\":[\"__name__\",\"instance\",\"job\"]}",
                get("/api/v1/labels", "match[]", "up").body);
        assertEquals("{\"status\":\"success\",\"data\":[\"api\",\"db\"]}", get("/api/v1/label/job/values").body);
        assertEquals("{\"status\":\"success\",\"data\":[\"db\"]}",
                get("/api/v1/label/job/values", "match[]", "up{instance=\"b:1\"}").body);
        assertEquals("{\"status\":\"success\",\"data\":[\"200\"]}", get("/api/v1/label/U__http_2e_status/values").body);
        assertEquals("{\"status\":\"success\",\"data\":[\"api\"]}", get("/api/v1/label/job/values", "limit", "1").body
                .replace(",\"warnings\":[\"results truncated due to limit\"]", ""));
        assertEquals(400, get("/api/v1/labels", "match[]", "{").status);
    }

    @Test
    void formatQuery() {
        assertEquals("{\"status\":\"success\",\"data\":\"sum(rate(x[5m]))\"}",
                get("/api/v1/format_query", "query", "sum(rate(x[5m]))").body);
        assertEquals(error("invalid parameter \\\"query\\\": 1:5: parse error: unclosed left parenthesis"),
                get("/api/v1/format_query", "query", "sum(").body);
    }

    @Test
    void statusAndEmptyEndpoints() {
        assertTrue(get("/api/v1/status/buildinfo").body.startsWith("{\"status\":\"success\",\"data\":{\"version\":\"3.5.0\",\"revision\":"));
        assertEquals("{\"status\":\"success\",\"data\":{\"query.timeout\":\"2m\",\"web.listen-address\":\"127.0.0.1:0\"}}",
                get("/api/v1/status/flags").body);
        assertEquals("{\"status\":\"success\",\"data\":{\"yaml\":\"global:\\n  scrape_interval: 1m\\n\"}}",
                get("/api/v1/status/config").body);
        String rt = get("/api/v1/status/runtimeinfo").body;
        assertTrue(rt.contains("\"startTime\":\"2023-11-14T22:13:20Z\""), rt);
        assertTrue(rt.contains("\"lastConfigTime\":\"2023-11-14T22:13:20.5Z\""), rt);
        assertTrue(rt.contains("\"storageRetention\":\"15d\""), rt);
        assertEquals("{\"status\":\"success\",\"data\":{\"min\":0,\"max\":0,\"current\":0}}", get("/api/v1/status/walreplay").body);
        assertEquals("{\"status\":\"success\",\"data\":{\"activeTargets\":[],\"droppedTargets\":[],\"droppedTargetCounts\":{}}}",
                get("/api/v1/targets").body);
        assertEquals("{\"status\":\"success\",\"data\":{\"groups\":[]}}", get("/api/v1/rules").body);
        assertEquals("{\"status\":\"success\",\"data\":{\"alerts\":[]}}", get("/api/v1/alerts").body);
        assertEquals("{\"status\":\"success\",\"data\":{}}", get("/api/v1/metadata").body);
        assertEquals("{\"status\":\"success\",\"data\":{\"activeAlertmanagers\":[],\"droppedAlertmanagers\":[]}}",
                get("/api/v1/alertmanagers").body);
        assertEquals("{\"status\":\"success\",\"data\":[]}", get("/api/v1/query_exemplars", "query", "up").body);
    }

    @Test
    void tsdbStatusCountsSeries() {
        String body = get("/api/v1/status/tsdb", "limit", "2").body;
        assertTrue(body.startsWith("{\"status\":\"success\",\"data\":{\"headStats\":{\"numSeries\":5,"), body);
        assertTrue(body.contains("\"seriesCountByMetricName\":[{\"name\":\"up\",\"value\":2},{\"name\":\"dotted\",\"value\":1}]"), body);
        assertEquals("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"limit must be a positive number\"}",
                get("/api/v1/status/tsdb", "limit", "0").body);
    }

    @Test
    void adminDisabled() {
        Answer a = call("POST", "/api/v1/admin/tsdb/snapshot");
        assertEquals(500, a.status);
        assertEquals("{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"admin APIs disabled\"}", a.body);
    }
}
