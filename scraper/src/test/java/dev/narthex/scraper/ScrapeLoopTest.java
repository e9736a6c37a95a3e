package dev.narthex.scraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.scraper.config.GlobalConfig;
import dev.narthex.scraper.config.ScrapeConfig;
import dev.narthex.scraper.config.ScrapeConfigParser;
import dev.narthex.storage.Labels;
import dev.narthex.storage.ReferenceStorage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;

class ScrapeLoopTest {
    private TestTarget server;
    private ScrapeHttpClient client;
    private ExecutorService workers;
    private ReferenceStorage storage;

    @BeforeEach
    void setUp() throws Exception {
        server = new TestTarget();
        client = new ScrapeHttpClient(1);
        workers = Executors.newSingleThreadExecutor();
        storage = new ReferenceStorage();
    }

    @AfterEach
    void tearDown() {
        server.close();
        client.close();
        workers.shutdownNow();
    }

    static ScrapeConfig config(String yaml) throws Exception {
        return ScrapeConfigParser.parse(new Compose(LoadSettings.builder().build()).composeString(yaml).orElseThrow(),
                GlobalConfig.DEFAULT);
    }

    private ScrapeLoop loop(String extraYaml) throws Exception {
        return loop(extraYaml, "3s");
    }

    private ScrapeLoop loop(String extraYaml, String timeout) throws Exception {
        ScrapeConfig cfg = config("job_name: j\nscrape_interval: 10s\nscrape_timeout: " + timeout + "\n" + extraYaml);
        Target t = TargetBuilder.build(cfg, Map.of("__address__", server.address()), Map.of("env", "test")).target();
        return new ScrapeLoop(t, cfg, storage, client);
    }

    private void scrape(ScrapeLoop l, long t) {
        l.scrape(t, workers).join();
    }

    private List<String> get(String... labels) {
        return StorageDump.series(storage, labels);
    }

    private String[] lbl(String name, String... more) {
        String[] base = {"__name__", name, "env", "test", "instance", server.address(), "job", "j"};
        String[] out = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, out, base.length, more.length);
        return out;
    }

    @Test
    void appendsSamplesWithTargetLabelsAndReportSeries() throws Exception {
        server.body = "# HELP m A metric.\n# TYPE m counter\nm{a=\"1\"} 5\nm{a=\"2\"} 7\n";
        ScrapeLoop l = loop("");
        scrape(l, 1000);
        assertEquals(List.of("5@1000"), get(lbl("m", "a", "1")));
        assertEquals(List.of("7@1000"), get(lbl("m", "a", "2")));
        assertEquals(List.of("1@1000"), get(lbl("up")));
        assertEquals(List.of("2@1000"), get(lbl("scrape_samples_scraped")));
        assertEquals(List.of("2@1000"), get(lbl("scrape_samples_post_metric_relabeling")));
        assertEquals(List.of("2@1000"), get(lbl("scrape_series_added")));
        assertEquals(1, get(lbl("scrape_duration_seconds")).size());
        assertEquals(Target.Health.UP, l.target().health());
        assertEquals("", l.target().lastError());
        assertEquals(List.of(new MetricMetadata("m", "counter", "A metric.", "")), List.copyOf(l.metadata()));

        server.body = "m{a=\"1\"} 6\nm{a=\"2\"} 8\n";
        scrape(l, 2000);
        assertEquals(List.of("5@1000", "6@2000"), get(lbl("m", "a", "1")));
        assertEquals(List.of("2@1000", "0@2000"), get(lbl("scrape_series_added")));
    }

    @Test
    void sendsPrometheusHeaders() throws Exception {
        server.body = "m 1\n";
        scrape(loop("params:\n  module: [x]\n", "1500ms"), 1000);
        assertEquals("application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,"
                + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2", server.lastHeaders.get("accept"));
        assertEquals("1.5", server.lastHeaders.get("x-prometheus-scrape-timeout-seconds"));
        assertEquals("gzip", server.lastHeaders.get("accept-encoding"));
        assertEquals("module=x", server.lastQuery);
        scrape(loop("scrape_protocols: [PrometheusText0.0.4]\nenable_compression: false\n"), 2000);
        assertEquals("text/plain;version=0.0.4;q=0.6,*/*;q=0.5", server.lastHeaders.get("accept"));
        assertEquals("identity", server.lastHeaders.get("accept-encoding"));
    }

    @Test
    void authorizationHeaders(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        server.body = "m 1\n";
        scrape(loop("basic_auth:\n  username: user\n  password: pass\n"), 1000);
        assertEquals("Basic dXNlcjpwYXNz", server.lastHeaders.get("authorization"));
        java.nio.file.Path token = dir.resolve("token");
        java.nio.file.Files.writeString(token, "secret\n");
        scrape(loop("bearer_token_file: " + token + "\n"), 2000);
        assertEquals("Bearer secret", server.lastHeaders.get("authorization"));
    }

    @Test
    void exportedLabelsUnlessHonorLabels() throws Exception {
        server.body = "m{job=\"other\",instance=\"i\"} 1\n";
        scrape(loop(""), 1000);
        assertEquals(List.of("1@1000"), get(lbl("m", "exported_instance", "i", "exported_job", "other")));

        ReferenceStorage honored = new ReferenceStorage();
        storage = honored;
        scrape(loop("honor_labels: true\n"), 1000);
        assertEquals(List.of("1@1000"), StorageDump.series(honored, "__name__", "m", "env", "test", "instance", "i", "job", "other"));
    }

    @Test
    void mergesScrapedAndTargetLabelsInOnePass() {
        Labels target = Labels.of("instance", "h:1", "job", "j", "zone", "");
        assertEquals(Labels.of("__name__", "m", "a", "1", "instance", "h:1", "job", "j"),
                ScrapeLoop.mergeSorted(Labels.of("__name__", "m", "a", "1"), target, false));
        assertEquals(Labels.of("__name__", "m", "instance", "mine", "job", "j", "zz", "2"),
                ScrapeLoop.mergeSorted(Labels.of("__name__", "m", "instance", "mine", "zz", "2"), target, true));
        assertEquals(null, ScrapeLoop.mergeSorted(Labels.of("__name__", "m", "job", "other"), target, false),
                "a clash without honor_labels is left to the exported_ renaming");
        assertEquals(Labels.of("instance", "h:1", "job", "j"), ScrapeLoop.mergeSorted(Labels.EMPTY, target, false));
    }

    @Test
    void honorTimestamps() throws Exception {
        server.body = "m 1 500\n";
        scrape(loop(""), 1000);
        assertEquals(List.of("1@500"), get(lbl("m")));
        storage = new ReferenceStorage();
        scrape(loop("honor_timestamps: false\n"), 1000);
        assertEquals(List.of("1@1000"), get(lbl("m")));
    }

    @Test
    void staleMarkersForDisappearingSeriesButNotExplicitTimestamps() throws Exception {
        server.body = "a 1\nb 2\nc 3 900\n";
        ScrapeLoop l = loop("");
        scrape(l, 1000);
        server.body = "a 1\n";
        scrape(l, 2000);
        assertEquals(List.of("1@1000", "1@2000"), get(lbl("a")));
        assertEquals(List.of("2@1000", "stale@2000"), get(lbl("b")));
        assertEquals(List.of("3@900"), get(lbl("c")));
        server.body = "a 1\nb 5\n";
        scrape(l, 3000);
        assertEquals(List.of("2@1000", "stale@2000", "5@3000"), get(lbl("b")));
    }

    @Test
    void trackTimestampsStaleness() throws Exception {
        server.body = "c 3 900\n";
        ScrapeLoop l = loop("track_timestamps_staleness: true\n");
        scrape(l, 1000);
        assertEquals("", l.target().lastError());
        server.body = "";
        scrape(l, 2000);
        assertEquals("", l.target().lastError());
        assertEquals(List.of("3@900", "stale@2000"), get(lbl("c")));
    }

    @Test
    void failedScrapeMarksEverythingStaleAndReportsDown() throws Exception {
        server.body = "a 1\n";
        ScrapeLoop l = loop("");
        scrape(l, 1000);
        server.status = 500;
        scrape(l, 2000);
        assertEquals(List.of("1@1000", "stale@2000"), get(lbl("a")));
        assertEquals(List.of("1@1000", "0@2000"), get(lbl("up")));
        assertEquals(Target.Health.DOWN, l.target().health());
        assertEquals("server returned HTTP status 500 Internal Server Error", l.target().lastError());
    }

    @Test
    void malformedBodyAppendsNothingOfTheScrape() throws Exception {
        server.body = "a 1\n";
        ScrapeLoop l = loop("");
        scrape(l, 1000);
        server.body = "a 2\nb 3\nthis is not valid\n";
        scrape(l, 2000);
        assertEquals(List.of("1@1000", "stale@2000"), get(lbl("a")));
        assertEquals(List.of(), get(lbl("b")));
        assertEquals(List.of("1@1000", "0@2000"), get(lbl("up")));
        assertEquals("strconv.ParseFloat: parsing \"is\": invalid syntax while parsing: \"this is\"", l.target().lastError());
        server.body = "a 4\n";
        scrape(l, 3000);
        assertEquals(List.of("1@1000", "stale@2000", "4@3000"), get(lbl("a")));
    }

    @Test
    void sampleLimit() throws Exception {
        server.body = "a 1\nb 2\nc 3\n";
        ScrapeLoop l = loop("sample_limit: 2\n");
        scrape(l, 1000);
        assertEquals(List.of(), get(lbl("a")));
        assertEquals(List.of("0@1000"), get(lbl("up")));
        assertEquals(List.of("3@1000"), get(lbl("scrape_samples_scraped")));
        assertEquals("sample limit exceeded", l.target().lastError());
    }

    @Test
    void labelLimits() throws Exception {
        server.body = "a{x=\"1\",y=\"2\"} 1\n";
        ScrapeLoop l = loop("label_limit: 4\n");
        scrape(l, 1000);
        assertEquals("label_limit exceeded (metric: a, number of labels: 6, limit: 4)", l.target().lastError());
        storage = new ReferenceStorage();
        ScrapeLoop v = loop("label_value_length_limit: 3\n");
        server.body = "a{x=\"long value\"} 1\n";
        scrape(v, 1000);
        // Labels are checked in sorted order: env="test" is the first one too long.
        assertEquals("label_value_length_limit exceeded (metric: a, label name: env, value: \"test\", length: 4, limit: 3)",
                v.target().lastError());
    }

    @Test
    void timeout() throws Exception {
        server.body = "a 1\n";
        server.delayMs = 1500;
        ScrapeLoop l = loop("", "300ms");
        scrape(l, 1000);
        assertEquals("Get \"http://" + server.address() + "/metrics\": context deadline exceeded", l.target().lastError());
        assertEquals(List.of("0@1000"), get(lbl("up")));
    }

    @Test
    void connectionRefused() throws Exception {
        String addr = server.address();
        server.close();
        ScrapeConfig cfg = config("job_name: j\nscrape_timeout: 1s\n");
        Target t = TargetBuilder.build(cfg, Map.of("__address__", addr), Map.of()).target();
        ScrapeLoop l = new ScrapeLoop(t, cfg, storage, client);
        scrape(l, 1000);
        assertEquals("Get \"http://" + addr + "/metrics\": dial tcp " + addr + ": connect: connection refused", l.target().lastError());
    }

    @Test
    void gzipAndBodySizeLimit() throws Exception {
        server.body = "a 1\n".repeat(1) + "b 2\n";
        server.gzip = true;
        ScrapeLoop l = loop("");
        scrape(l, 1000);
        assertEquals(List.of("2@1000"), get(lbl("b")));
        ScrapeLoop limited = loop("body_size_limit: 8B\n");
        scrape(limited, 2000);
        assertEquals("body size limit exceeded", limited.target().lastError());
    }

    @Test
    void openMetricsByContentType() throws Exception {
        server.contentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
        server.body = "# TYPE r_seconds counter\n# UNIT r_seconds seconds\nr_seconds_total 3\n# EOF\n";
        ScrapeLoop l = loop("");
        scrape(l, 1000);
        assertEquals("", l.target().lastError());
        assertEquals(List.of("3@1000"), get(lbl("r_seconds_total")));
        assertEquals(List.of(new MetricMetadata("r_seconds", "counter", "", "seconds")), List.copyOf(l.metadata()));
    }

    @Test
    void unknownContentTypeNeedsFallback() throws Exception {
        server.contentType = "application/octet-stream";
        server.body = "a 1\n";
        ScrapeLoop l = loop("");
        scrape(l, 1000);
        assertEquals("received unsupported Content-Type \"application/octet-stream\" and no fallback_scrape_protocol specified for target",
                l.target().lastError());
        ScrapeLoop f = loop("fallback_scrape_protocol: PrometheusText0.0.4\n");
        scrape(f, 2000);
        assertEquals(List.of("1@2000"), get(lbl("a")));
    }

    @Test
    void metricRelabelingDropsAndRewritesOnce() throws Exception {
        server.body = "keep_me 1\ndrop_me 2\n";
        ScrapeLoop l = loop("metric_relabel_configs:\n- source_labels: [__name__]\n  regex: drop_.*\n  action: drop\n"
                + "- target_label: extra\n  replacement: x\n");
        scrape(l, 1000);
        scrape(l, 2000);
        assertEquals(List.of("1@1000", "1@2000"), get(lbl("keep_me", "extra", "x")));
        assertEquals(List.of(), get(lbl("drop_me", "extra", "x")));
        assertEquals(List.of("2@1000", "2@2000"), get(lbl("scrape_samples_scraped")));
        assertEquals(List.of("1@1000", "1@2000"), get(lbl("scrape_samples_post_metric_relabeling")));
    }

    @Test
    void stopAppendsStaleMarkersForEverySeries() throws Exception {
        server.body = "a 1\n";
        ScrapeLoop l = loop("");
        scrape(l, 1000);
        l.stop(true);
        List<String> a = get(lbl("a"));
        assertEquals(2, a.size());
        assertTrue(a.get(1).startsWith("stale@"));
        assertTrue(get(lbl("up")).get(1).startsWith("stale@"));
        assertEquals(Labels.of(lbl("a")).get("job"), "j");
    }

    @Test
    void scrapePhaseIsStableAcrossRestarts() {
        long interval = 10_000;
        long hash = 123_457;
        // Phase 3457 ms after each 10 s boundary, whenever the loop starts.
        assertEquals(3_457, ScrapeLoop.initialDelay(1_000_000, interval, hash));
        assertEquals(1_457, ScrapeLoop.initialDelay(1_002_000, interval, hash));
        assertEquals(10_000, ScrapeLoop.initialDelay(1_003_457, interval, hash));
        assertEquals(5_457, ScrapeLoop.initialDelay(1_008_000, interval, hash));
        // The hash is unsigned: (2^64 - 1) mod 10000 = 1615.
        assertEquals(2_615, ScrapeLoop.initialDelay(1_009_000, interval, -1L));
    }
}
