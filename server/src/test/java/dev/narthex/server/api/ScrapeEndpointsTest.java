package dev.narthex.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.narthex.scraper.ScrapeManager;
import dev.narthex.scraper.config.GlobalConfig;
import dev.narthex.scraper.config.ScrapeConfigParser;
import dev.narthex.server.http.Request;
import dev.narthex.server.http.Response;
import dev.narthex.storage.ReferenceStorage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scrape endpoints over a real scrape manager scraping a fixed exposition. The exposition is the classic
 * text format, where {@code # UNIT} is a plain comment, so units are empty as in Prometheus.
 */
class ScrapeEndpointsTest {
    private static final String EXPOSITION = """
            # HELP http_requests_total Requests served.
            # TYPE http_requests_total counter
            http_requests_total{code="200"} 5
            # HELP temperature_celsius Room temperature.
            # TYPE temperature_celsius gauge
            # UNIT temperature_celsius celsius
            temperature_celsius 21.5
            """;
    private static HttpServer exporter;
    private static ScrapeManager manager;
    private static ApiV1 api;
    private static String address;

    @BeforeAll
    static void scrapeOnce() throws Exception {
        exporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        exporter.createContext("/metrics", ex -> {
            byte[] body = EXPOSITION.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        exporter.start();
        address = "127.0.0.1:" + exporter.getAddress().getPort();
        GlobalConfig g = GlobalConfig.DEFAULT;
        var jobs = ScrapeConfigParser.parseAll(List.of(
                Map.of("job_name", "app", "scrape_interval", "1s", "static_configs",
                        List.of(Map.of("targets", List.of(address, "dropme:1"))),
                        "relabel_configs", List.of(Map.of("source_labels", List.of("__address__"),
                                "regex", "dropme:1", "action", "drop"))),
                Map.of("job_name", "idle", "static_configs", List.of())), g);
        manager = new ScrapeManager(new ReferenceStorage(), 1, 1);
        manager.applyConfig(g, jobs);
        manager.start();
        api = new ApiV1(new FakeQueryService(), new ReferenceStorage(), new TestServerInfo(false), () -> 0L,
                ScrapeView.of(manager));
        long deadline = System.currentTimeMillis() + 10_000;
        while (!get("/api/v1/targets").contains("\"health\":\"up\"")) {
            assertTrue(System.currentTimeMillis() < deadline, "target scraped within 10s");
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() {
        manager.close();
        exporter.stop(0);
    }

    private static String get(String path, String... kv) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            form.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        }
        Response r = api.handle(Request.of("GET", path, form));
        String body = r.body().toString(StandardCharsets.UTF_8);
        r.body().release();
        return body;
    }

    @Test
    void targetsHavePrometheusFields() {
        String body = get("/api/v1/targets");
        String url = "http://" + address + "/metrics";
        Pattern shape = Pattern.compile(Pattern.quote("{\"status\":\"success\",\"data\":{\"activeTargets\":[{"
                + "\"discoveredLabels\":{\"__address__\":\"" + address + "\",\"__metrics_path__\":\"/metrics\","
                + "\"__scheme__\":\"http\",\"__scrape_interval__\":\"1s\",\"__scrape_timeout__\":\"1s\",\"job\":\"app\"},"
                + "\"labels\":{\"instance\":\"" + address + "\",\"job\":\"app\"},\"scrapePool\":\"app\","
                + "\"scrapeUrl\":\"" + url + "\",\"globalUrl\":\"")
                + "http://[^\"]+/metrics" + Pattern.quote("\",\"lastError\":\"\",\"lastScrape\":\"")
                + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d*[1-9])?Z" + Pattern.quote("\",\"lastScrapeDuration\":")
                + "[0-9.e-]+" + Pattern.quote(",\"health\":\"up\",\"scrapeInterval\":\"1s\",\"scrapeTimeout\":\"1s\"}],"
                + "\"droppedTargets\":[{\"discoveredLabels\":{\"__address__\":\"dropme:1\",\"__metrics_path__\":\"/metrics\","
                + "\"__scheme__\":\"http\",\"__scrape_interval__\":\"1s\",\"__scrape_timeout__\":\"1s\",\"job\":\"app\"},"
                + "\"scrapePool\":\"app\"}],\"droppedTargetCounts\":{\"app\":1,\"idle\":0}}}"));
        assertTrue(shape.matcher(body).matches(), body);
    }

    @Test
    void targetsFilterByStateAndPool() {
        assertEquals("{\"status\":\"success\",\"data\":{\"activeTargets\":[],\"droppedTargets\":[{\"discoveredLabels\":"
                        + "{\"__address__\":\"dropme:1\",\"__metrics_path__\":\"/metrics\",\"__scheme__\":\"http\","
                        + "\"__scrape_interval__\":\"1s\",\"__scrape_timeout__\":\"1s\",\"job\":\"app\"},\"scrapePool\":\"app\"}],"
                        + "\"droppedTargetCounts\":{\"app\":1,\"idle\":0}}}",
                get("/api/v1/targets", "state", "dropped"));
        String active = get("/api/v1/targets", "state", "active");
        assertTrue(active.contains("\"droppedTargets\":[],\"droppedTargetCounts\":null}"), active);
        assertTrue(active.contains("\"scrapePool\":\"app\""), active);
        assertEquals("{\"status\":\"success\",\"data\":{\"activeTargets\":[],\"droppedTargets\":[],"
                + "\"droppedTargetCounts\":{\"app\":1,\"idle\":0}}}", get("/api/v1/targets", "scrapePool", "idle"));
    }

    @Test
    void targetMetadata() {
        String target = "{\"instance\":\"" + address + "\",\"job\":\"app\"}";
        assertEquals("{\"status\":\"success\",\"data\":[{\"target\":" + target + ",\"type\":\"gauge\","
                        + "\"help\":\"Room temperature.\",\"unit\":\"\"}]}",
                get("/api/v1/targets/metadata", "metric", "temperature_celsius", "match_target", "{job=\"app\"}"));
        assertEquals("{\"status\":\"success\",\"data\":[]}",
                get("/api/v1/targets/metadata", "match_target", "{job=\"other\"}"));
        assertEquals("{\"status\":\"success\",\"data\":[{\"target\":" + target + ",\"metric\":\"http_requests_total\","
                        + "\"type\":\"counter\",\"help\":\"Requests served.\",\"unit\":\"\"}]}",
                get("/api/v1/targets/metadata", "limit", "1"));
        assertEquals("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"limit must be a number\"}",
                get("/api/v1/targets/metadata", "limit", "x"));
    }

    @Test
    void metadata() {
        assertEquals("{\"status\":\"success\",\"data\":{\"http_requests_total\":[{\"type\":\"counter\","
                        + "\"help\":\"Requests served.\",\"unit\":\"\"}],\"temperature_celsius\":[{\"type\":\"gauge\","
                        + "\"help\":\"Room temperature.\",\"unit\":\"\"}]}}",
                get("/api/v1/metadata"));
        assertEquals("{\"status\":\"success\",\"data\":{\"temperature_celsius\":[{\"type\":\"gauge\","
                + "\"help\":\"Room temperature.\",\"unit\":\"\"}]}}", get("/api/v1/metadata", "metric", "temperature_celsius"));
        assertEquals("{\"status\":\"success\",\"data\":{\"http_requests_total\":[{\"type\":\"counter\","
                + "\"help\":\"Requests served.\",\"unit\":\"\"}]}}", get("/api/v1/metadata", "limit", "1"));
        assertEquals("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"limit_per_metric must be a number\"}",
                get("/api/v1/metadata", "limit_per_metric", "x"));
    }

    @Test
    void scrapePools() {
        assertEquals("{\"status\":\"success\",\"data\":{\"scrapePools\":[\"app\",\"idle\"]}}", get("/api/v1/scrape_pools"));
    }

    @Test
    void lastScrapeIsGoRfc3339Nano() {
        assertEquals("0001-01-01T00:00:00Z", ScrapeEndpoints.rfc3339Nano(0));
        assertEquals("2023-11-14T22:13:20Z", ScrapeEndpoints.rfc3339Nano(1_700_000_000_000L));
        assertEquals("2023-11-14T22:13:20.12Z", ScrapeEndpoints.rfc3339Nano(1_700_000_000_120L));
    }
}
