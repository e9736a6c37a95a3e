package dev.narthex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.server.api.FakeQueryService;
import dev.narthex.server.api.QueryService;
import dev.narthex.server.config.ConfigHolder;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import dev.narthex.storage.StaleNaN;
import dev.narthex.storage.Queryable;
import dev.narthex.storage.ReferenceStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole server over real HTTP on a loopback port, with a scripted query service. */
class NarthexServerTest {
    @TempDir
    Path dir;
    private final AtomicBoolean backendClosed = new AtomicBoolean();
    private NarthexServer server;
    private String base;
    private Path configFile;
    private final HttpClient client = HttpClient.newHttpClient();
    private final ReferenceStorage storage = new ReferenceStorage();

    @BeforeEach
    void start() throws Exception {
        configFile = dir.resolve("prometheus.yml");
        Files.writeString(configFile, "global:\n  evaluation_interval: 1m\n");
        ServerFlags flags = ServerFlags.parse("--config.file=" + configFile, "--web.listen-address=127.0.0.1:0",
                "--web.enable-lifecycle", "--query.max-concurrency", "2", "--query.warmup=300ms").flags();
        Appender app = storage.appender();
        app.append(0, Labels.of("__name__", "up", "job", "a"), 1_700_000_000_000L, 1);
        app.commit();
        FakeQueryService queries = new FakeQueryService();
        server = new NarthexServer(flags, ConfigHolder.fromFile(configFile), new Backend() {
            @Override
            public dev.narthex.storage.Appendable appendable() {
                return storage;
            }

            @Override
            public Queryable queryable() {
                return storage;
            }

            @Override
            public QueryService queries() {
                return queries;
            }

            @Override
            public void close() {
                backendClosed.set(true);
            }
        });
        base = "http://127.0.0.1:" + server.start().getPort();
    }

    @AfterEach
    void stop() {
        server.close();
        assertTrue(backendClosed.get(), "storage is closed on stop");
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postForm(String path, String body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void getAndPostQueries() throws Exception {
        HttpResponse<String> g = get("/api/v1/query?query=42&time=1700000000");
        assertEquals(200, g.statusCode());
        assertEquals("application/json", g.headers().firstValue("content-type").orElse(""));
        assertEquals("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"42\"]}}", g.body());

        HttpResponse<String> p = postForm("/api/v1/query_range", "query=vec&start=1700000000&end=1700000030&step=30");
        assertEquals(200, p.statusCode());
        assertTrue(p.body().startsWith("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\""), p.body());

        // Body values come before URL values, as in Go's r.Form.
        HttpResponse<String> both = postForm("/api/v1/query?query=bad", "query=42&time=1700000000");
        assertEquals(200, both.statusCode());

        HttpResponse<String> series = get("/api/v1/series?match%5B%5D=up&match[]=%7Bjob%3D%22a%22%7D");
        assertEquals("{\"status\":\"success\",\"data\":[{\"__name__\":\"up\",\"job\":\"a\"}]}", series.body());
    }

    @Test
    void statusCodes() throws Exception {
        assertEquals(400, get("/api/v1/query?query=foo%28").statusCode());
        assertEquals(422, get("/api/v1/query?query=exec_error").statusCode());
        assertEquals(503, get("/api/v1/query?query=too_slow").statusCode());
        HttpResponse<String> notFound = get("/api/v1/unknown");
        assertEquals(404, notFound.statusCode());
        assertEquals("404 page not found\n", notFound.body());
        assertEquals(404, get("/nothing/here").statusCode());
        HttpResponse<String> put = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query"))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, put.statusCode());
        assertEquals(405, get("/-/reload").statusCode());
    }

    @Test
    void gzipWhenAsked() throws Exception {
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query=vec&time=1"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("gzip", r.headers().firstValue("content-encoding").orElse(""));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(r.body())) {
            in.transferTo(out);
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\""));
        assertTrue(get("/api/v1/query?query=42").headers().firstValue("content-encoding").isEmpty());
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String big = "query=" + "x".repeat(11 << 20);
        assertEquals(413, postForm("/api/v1/query", big).statusCode());
        assertEquals(200, get("/-/healthy").statusCode(), "the server keeps serving");
    }

    @Test
    void healthReadyMetrics() throws Exception {
        assertEquals("Prometheus Server is Healthy.\n", get("/-/healthy").body());
        assertEquals("Prometheus Server is Ready.\n", get("/-/ready").body());
        get("/api/v1/query?query=42");
        HttpResponse<String> m = get("/metrics");
        assertEquals(200, m.statusCode());
        assertTrue(m.body().contains("prometheus_http_requests_total{code=\"200\",handler=\"/api/v1/query\"} 1\n"), m.body());
        assertTrue(m.body().contains("# TYPE prometheus_http_request_duration_seconds histogram"), m.body());
        assertTrue(m.body().contains("prometheus_engine_query_duration_seconds_count{slice=\"inner_eval\"} 1\n"), m.body());
        assertTrue(m.body().contains("process_start_time_seconds "), m.body());
    }

    @Test
    void reloadKeepsConfigOnError() throws Exception {
        Files.writeString(configFile, "global:\n  evaluation_interval: 30s\n");
        assertEquals(200, postForm("/-/reload", "").statusCode());
        assertTrue(get("/api/v1/status/config").body().contains("evaluation_interval: 30s"));

        Files.writeString(configFile, "global:\n  bogus: 1\n");
        HttpResponse<String> bad = postForm("/-/reload", "");
        assertEquals(500, bad.statusCode());
        assertTrue(bad.body().startsWith("failed to reload config: couldn't load configuration"), bad.body());
        assertTrue(bad.body().contains("field bogus not found in type config.plain"), bad.body());
        assertTrue(get("/api/v1/status/config").body().contains("evaluation_interval: 30s"));
        assertTrue(get("/metrics").body().contains("prometheus_config_last_reload_successful 0\n"));
    }

    @Test
    void quitStopsTheServer() throws Exception {
        assertEquals("Requesting termination... Goodbye!", postForm("/-/quit", "").body());
        assertEquals("Termination already in progress.", postForm("/-/quit", "").body());
        server.awaitQuit();
    }

    @Test
    void scrapesItselfAndReloadsScrapeConfigs() throws Exception {
        String self = base.substring("http://".length());
        Files.writeString(configFile, """
                scrape_configs:
                  - job_name: narthex
                    scrape_interval: 1s
                    static_configs:
                      - targets: ["%s"]
                """.formatted(self));
        assertEquals(200, postForm("/-/reload", "").statusCode());
        Labels up = Labels.of("__name__", "up", "instance", self, "job", "narthex");
        assertEquals(1.0, awaitLast(up, v -> v == 1.0, 10_000), "up after the first scrape");
        assertTrue(Double.isFinite(awaitLast(Labels.of("__name__", "prometheus_ready", "instance", self,
                "job", "narthex"), v -> v == 1.0, 5_000)), "the server's own metrics are stored");
        String targets = get("/api/v1/targets?state=active").body();
        assertTrue(targets.contains("\"scrapePool\":\"narthex\"") && targets.contains("\"health\":\"up\""), targets);

        Files.writeString(configFile, "global:\n  evaluation_interval: 1m\n");
        assertEquals(200, postForm("/-/reload", "").statusCode());
        assertTrue(StaleNaN.is(awaitLast(up, StaleNaN::is, 5_000)), "a target removed by reload goes stale");
        assertEquals("{\"status\":\"success\",\"data\":{\"scrapePools\":[]}}", get("/api/v1/scrape_pools").body());
    }

    /** Polls the storage until the series' last value passes {@code done}; returns that value. */
    private double awaitLast(Labels series, java.util.function.DoublePredicate done, long timeoutMs)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        double last = Double.NaN;
        while (System.currentTimeMillis() < deadline) {
            List<Matcher> ms = new ArrayList<>();
            for (int i = 0; i < series.size(); i++) {
                ms.add(Matcher.equal(series.name(i), series.value(i)));
            }
            for (Series s : storage.querier(0, Long.MAX_VALUE).select(ms)) {
                SampleBuffer buf = new SampleBuffer();
                s.read(0, Long.MAX_VALUE, buf);
                if (!buf.isEmpty()) {
                    last = buf.value(buf.size() - 1);
                }
            }
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        return last;
    }
}
