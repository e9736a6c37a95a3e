package dev.narthex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.server.config.ConfigHolder;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API, {@code /api/v1/status/tsdb} and the TSDB metrics of a whole server over a real database. */
class AdminApiTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;
    private final HttpClient client = HttpClient.newHttpClient();
    private NarthexServer server;
    private EngineBackend backend;
    private String base;

    private void start(boolean admin) throws Exception {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  evaluation_interval: 1m\n");
        Path data = dir.resolve("data");
        String[] args = admin
                ? new String[] {"--config.file=" + config, "--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + data,
                        "--storage.tsdb.retention.time=100y", "--web.enable-admin-api"}
                : new String[] {"--config.file=" + config, "--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + data,
                        "--storage.tsdb.retention.time=100y"};
        ServerFlags flags = ServerFlags.parse(args).flags();
        ConfigHolder holder = ConfigHolder.fromFile(config);
        backend = EngineBackend.open(flags, holder);
        server = new NarthexServer(flags, holder, backend);
        base = "http://127.0.0.1:" + server.start().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Three series of {@code up} (jobs a, b, c) and one of {@code other}, 10 samples each, 15s apart. */
    private void appendKnownSeries() {
        Appender app = backend.appendable().appender();
        List<Labels> series = List.of(Labels.of("__name__", "up", "job", "a"), Labels.of("__name__", "up", "job", "b"),
                Labels.of("__name__", "up", "job", "c"), Labels.of("__name__", "other", "job", "a"));
        for (Labels l : series) {
            for (int i = 0; i < 10; i++) {
                app.append(0, l, T0 + i * 15_000L, i);
            }
        }
        app.commit();
    }

    private HttpResponse<String> send(String method, String pathAndQuery) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String query(String expr, long timeMs) throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/query?query=" + expr + "&time=" + timeMs / 1000.0);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    @Test
    void disabledWithoutTheFlag() throws Exception {
        start(false);
        for (String op : List.of("delete_series?match[]=up", "clean_tombstones", "snapshot")) {
            HttpResponse<String> r = send("POST", "/api/v1/admin/tsdb/" + op);
            // Prometheus's error writer has no case for "unavailable": it answers 500.
            assertEquals(500, r.statusCode(), op);
            assertEquals("{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"admin APIs disabled\"}", r.body());
        }
    }

    @Test
    void deleteSeriesRemovesTheMatchedData() throws Exception {
        start(true);
        appendKnownSeries();
        long at = T0 + 9 * 15_000L;
        assertEquals(3, count(query("up", at)));
        HttpResponse<String> r = send("POST", "/api/v1/admin/tsdb/delete_series?match[]=up%7Bjob%3D%22b%22%7D");
        assertEquals(204, r.statusCode(), r.body());
        assertEquals("", r.body());
        String after = query("up", at);
        assertEquals(2, count(after));
        assertTrue(!after.contains("\"job\":\"b\""), after);
        // PUT works too; start/end limit the deletion to the first five samples of job a.
        r = send("PUT", "/api/v1/admin/tsdb/delete_series?match[]=up%7Bjob%3D%22a%22%7D&start=" + T0 / 1000
                + "&end=" + (T0 + 60_000L) / 1000);
        assertEquals(204, r.statusCode(), r.body());
        assertEquals(2, count(query("up", at)));
        assertEquals(1, count(query("count_over_time(up%7Bjob%3D%22a%22%7D%5B1h%5D)", at)));
        assertTrue(query("count_over_time(up%7Bjob%3D%22a%22%7D%5B1h%5D)", at).contains("\"5\""));
        assertEquals(1, count(query("other", at)), "other metrics are untouched");
    }

    @Test
    void deleteSeriesErrors() throws Exception {
        start(true);
        HttpResponse<String> r = send("POST", "/api/v1/admin/tsdb/delete_series");
        assertEquals(400, r.statusCode());
        assertEquals("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"no match[] parameter provided\"}", r.body());
        r = send("POST", "/api/v1/admin/tsdb/delete_series?match[]=up&start=x");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("\"error\":\"invalid time value for 'start': cannot parse \\\"x\\\" to a valid timestamp\""),
                r.body());
        assertEquals(405, send("GET", "/api/v1/admin/tsdb/delete_series?match[]=up").statusCode());
    }

    @Test
    void cleanTombstones() throws Exception {
        start(true);
        appendKnownSeries();
        assertEquals(204, send("POST", "/api/v1/admin/tsdb/delete_series?match[]=other").statusCode());
        HttpResponse<String> r = send("POST", "/api/v1/admin/tsdb/clean_tombstones");
        assertEquals(204, r.statusCode(), r.body());
        assertEquals(204, send("PUT", "/api/v1/admin/tsdb/clean_tombstones").statusCode());
        assertTrue(send("GET", "/metrics").body().contains("\nprometheus_tsdb_tombstone_cleanup_seconds_count 2\n"));
    }

    @Test
    void snapshotWritesTheHeadAsABlock() throws Exception {
        start(true);
        appendKnownSeries();
        HttpResponse<String> r = send("POST", "/api/v1/admin/tsdb/snapshot");
        assertEquals(200, r.statusCode(), r.body());
        var m = Pattern.compile("\\{\"status\":\"success\",\"data\":\\{\"name\":\"([^\"]+)\"}}").matcher(r.body());
        assertTrue(m.matches(), r.body());
        String name = m.group(1);
        assertTrue(Pattern.matches("\\d{8}T\\d{6}Z-[0-7][0-9a-f]{15}", name), name);
        Path snap = dir.resolve("data").resolve("snapshots").resolve(name);
        List<Path> blocks = children(snap);
        assertEquals(1, blocks.size(), blocks.toString());
        assertTrue(Files.isRegularFile(blocks.get(0).resolve("meta.json")), blocks.toString());

        r = send("PUT", "/api/v1/admin/tsdb/snapshot?skip_head=true");
        assertEquals(200, r.statusCode(), r.body());
        m = Pattern.compile("\\{\"status\":\"success\",\"data\":\\{\"name\":\"([^\"]+)\"}}").matcher(r.body());
        assertTrue(m.matches(), r.body());
        assertEquals(List.of(), children(dir.resolve("data").resolve("snapshots").resolve(m.group(1))),
                "without the head and with no blocks the snapshot is empty");

        r = send("POST", "/api/v1/admin/tsdb/snapshot?skip_head=maybe");
        assertEquals(400, r.statusCode());
        assertEquals("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"unable to parse boolean 'skip_head' argument: "
                + "strconv.ParseBool: parsing \\\"maybe\\\": invalid syntax\"}", r.body());
    }

    @Test
    void statusTsdbReportsTheHead() throws Exception {
        start(true);
        appendKnownSeries();
        HttpResponse<String> r = send("GET", "/api/v1/status/tsdb");
        assertEquals(200, r.statusCode(), r.body());
        String body = r.body();
        // Pairs: __name__=up, __name__=other, job=a, job=b, job=c.
        assertTrue(body.contains("\"headStats\":{\"numSeries\":4,\"numLabelPairs\":5,\"chunkCount\":4,\"minTime\":" + T0
                + ",\"maxTime\":" + (T0 + 9 * 15_000L) + "}"), body);
        assertTrue(body.contains("\"seriesCountByMetricName\":[{\"name\":\"up\",\"value\":3},{\"name\":\"other\",\"value\":1}]"), body);
        assertTrue(body.contains("\"labelValueCountByLabelName\":[{\"name\":\"job\",\"value\":3},{\"name\":\"__name__\",\"value\":2}]"),
                body);
        // __name__: 3 x "up" + 1 x "other" = 11 bytes; job: 4 one-letter values.
        assertTrue(body.contains("\"memoryInBytesByLabelName\":[{\"name\":\"__name__\",\"value\":11},{\"name\":\"job\",\"value\":4}]"),
                body);
        assertTrue(body.contains("\"seriesCountByLabelValuePair\":[{\"name\":\"__name__=up\",\"value\":3},"
                + "{\"name\":\"job=a\",\"value\":2},{\"name\":\"__name__=other\",\"value\":1},{\"name\":\"job=b\",\"value\":1},"
                + "{\"name\":\"job=c\",\"value\":1}]"), body);
        String limited = send("GET", "/api/v1/status/tsdb?limit=1").body();
        assertTrue(limited.contains("\"seriesCountByLabelValuePair\":[{\"name\":\"__name__=up\",\"value\":3}]"), limited);
        assertEquals(400, send("GET", "/api/v1/status/tsdb?limit=0").statusCode());
    }

    @Test
    void metricsExportTheHead() throws Exception {
        start(true);
        appendKnownSeries();
        String metrics = send("GET", "/metrics").body();
        assertTrue(metrics.contains("# TYPE prometheus_tsdb_head_series gauge\nprometheus_tsdb_head_series 4\n"), metrics);
        assertTrue(metrics.contains("\nprometheus_tsdb_head_samples_appended_total 40\n"), metrics);
        assertTrue(metrics.contains("\nprometheus_tsdb_head_max_time " + dev.narthex.server.api.PromNumbers.formatFloatG(T0 + 9 * 15_000L) + "\n"), metrics);
        Appender app = backend.appendable().appender();
        app.append(0, Labels.of("__name__", "new_metric"), T0 + 150_000L, 1);
        app.commit();
        assertTrue(send("GET", "/metrics").body().contains("\nprometheus_tsdb_head_series 5\n"), "read at scrape time");
    }

    private static int count(String queryBody) {
        return queryBody.split("\"metric\"", -1).length - 1;
    }

    private static List<Path> children(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
