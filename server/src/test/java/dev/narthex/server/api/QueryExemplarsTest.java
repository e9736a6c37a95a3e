package dev.narthex.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.narthex.server.http.Request;
import dev.narthex.server.http.Response;
import dev.narthex.storage.Labels;
import dev.narthex.storage.ReferenceStorage;
import dev.narthex.storage.exemplar.CircularExemplarStorage;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/query_exemplars}. The expected bodies are what Prometheus 3.5.3 (with
 * {@code --enable-feature=exemplar-storage}) answered byte for byte for the same exemplars, scraped from
 * an OpenMetrics target (the instance label left out here).
 */
class QueryExemplarsTest {
    private static final Labels REQ_A = Labels.of("__name__", "req_total", "job", "om", "path", "/a");
    private static final Labels REQ_B = Labels.of("__name__", "req_total", "job", "om", "path", "/b");
    private static final Labels LAT_05 = Labels.of("__name__", "lat_bucket", "job", "om", "le", "0.5");
    private static final Labels LAT_1 = Labels.of("__name__", "lat_bucket", "job", "om", "le", "1.0");
    private static final Labels G = Labels.of("__name__", "g", "job", "om");

    private ApiV1 api;

    @BeforeEach
    void setUp() {
        CircularExemplarStorage ex = new CircularExemplarStorage(100);
        ex.add(REQ_A, Labels.of("trace_id", "abc"), 1.5, 1_795_251_323_673L, false);
        ex.add(REQ_B, Labels.of("trace_id", "b1"), 0.000001, 1_600_000_000_123L, true);
        ex.add(LAT_05, Labels.of("trace_id", "def"), 0.25, 1_600_000_000_000L, true);
        ex.add(LAT_1, Labels.of("trace_id", "ünïcödé"), 0.75, 1_600_000_000_500L, true);
        ex.add(G, Labels.of("a", "1"), 1e30, 1_795_251_323_673L, false);
        api = new ApiV1(new FakeQueryService(), new ReferenceStorage(), new TestServerInfo(false), () -> 0L,
                ScrapeView.NONE, null, ex);
    }

    private record Answer(int status, String body) {
    }

    private Answer get(String... kv) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            form.put(kv[i], List.of(kv[i + 1]));
        }
        Response r = api.handle(Request.of("GET", "/api/v1/query_exemplars", form));
        String body = r.body().toString(StandardCharsets.UTF_8);
        r.body().release();
        return new Answer(r.status(), body);
    }

    private static String success(String data) {
        return "{\"status\":\"success\",\"data\":" + data + "}";
    }

    private static String badData(String error) {
        return "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"" + error + "\"}";
    }

    @Test
    void seriesSortedWithExemplarValuesAsStringsAndTimestampsInSeconds() {
        assertEquals(new Answer(200, success("[{\"seriesLabels\":{\"__name__\":\"req_total\",\"job\":\"om\",\"path\":\"/a\"},"
                + "\"exemplars\":[{\"labels\":{\"trace_id\":\"abc\"},\"value\":\"1.5\",\"timestamp\":1795251323.673}]},"
                + "{\"seriesLabels\":{\"__name__\":\"req_total\",\"job\":\"om\",\"path\":\"/b\"},"
                + "\"exemplars\":[{\"labels\":{\"trace_id\":\"b1\"},\"value\":\"0.000001\",\"timestamp\":1600000000.123}]}]")),
                get("query", "req_total"));
        assertEquals(success("[{\"seriesLabels\":{\"__name__\":\"g\",\"job\":\"om\"},"
                + "\"exemplars\":[{\"labels\":{\"a\":\"1\"},\"value\":\"1e+30\",\"timestamp\":1795251323.673}]}]"),
                get("query", "g").body);
        assertEquals(success("[{\"seriesLabels\":{\"__name__\":\"lat_bucket\",\"job\":\"om\",\"le\":\"1.0\"},"
                + "\"exemplars\":[{\"labels\":{\"trace_id\":\"ünïcödé\"},\"value\":\"0.75\",\"timestamp\":1600000000.500}]}]"),
                get("query", "lat_bucket", "start", "2020-09-13T12:26:40.5Z", "end", "2020-09-13T12:26:40.5Z").body);
    }

    @Test
    void everySelectorOfTheExpressionCountsWithinTheTimeRange() {
        String reqB = "{\"seriesLabels\":{\"__name__\":\"req_total\",\"job\":\"om\",\"path\":\"/b\"},"
                + "\"exemplars\":[{\"labels\":{\"trace_id\":\"b1\"},\"value\":\"0.000001\",\"timestamp\":1600000000.123}]}";
        assertEquals(success("[" + reqB + "]"),
                get("query", "sum(rate(req_total[5m]))+g", "start", "1600000000", "end", "1600000000.2").body);
        assertEquals(success("[{\"seriesLabels\":{\"__name__\":\"lat_bucket\",\"job\":\"om\",\"le\":\"0.5\"},"
                + "\"exemplars\":[{\"labels\":{\"trace_id\":\"def\"},\"value\":\"0.25\",\"timestamp\":1600000000}]},"
                + "{\"seriesLabels\":{\"__name__\":\"lat_bucket\",\"job\":\"om\",\"le\":\"1.0\"},"
                + "\"exemplars\":[{\"labels\":{\"trace_id\":\"ünïcödé\"},\"value\":\"0.75\",\"timestamp\":1600000000.500}]},"
                + reqB + "]"),
                get("query", "{job=\"om\"}", "start", "1600000000", "end", "1600000000.6").body);
        assertEquals(success("[]"), get("query", "req_total", "end", "1600000000.122").body);
        assertEquals(success("[]"), get("query", "foo[5m]").body);
    }

    @Test
    void expressionWithoutSelectorsAnswersNoContent() {
        assertEquals(new Answer(204, ""), get("query", "1"));
    }

    @Test
    void errorsAsPrometheus() {
        assertEquals(new Answer(400, badData("unknown position: parse error: no expression found in input")), get());
        assertEquals(new Answer(400, badData("1:4: parse error: unexpected end of input inside braces")),
                get("query", "up{"));
        assertEquals(new Answer(400, badData("1:1: parse error: vector selector must contain at least one non-empty matcher")),
                get("query", "{path=~\".*\"}"));
        assertEquals(new Answer(400, badData("end timestamp must not be before start timestamp")),
                get("query", "g", "start", "10", "end", "5"));
        assertEquals(new Answer(400, badData("invalid parameter \\\"start\\\": invalid time value for 'start': "
                + "cannot parse \\\"abc\\\" to a valid timestamp")), get("query", "g", "start", "abc"));
    }
}
