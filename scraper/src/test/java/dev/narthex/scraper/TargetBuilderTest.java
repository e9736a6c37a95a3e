package dev.narthex.scraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.narthex.scraper.config.ScrapeConfig;
import dev.narthex.storage.Labels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetBuilderTest {
    @Test
    void populatesDefaultsRelabelsAndDropsMetaLabels() throws Exception {
        ScrapeConfig cfg = ScrapeLoopTest.config("""
                job_name: node
                scrape_interval: 15s
                params:
                  module: [http_2xx]
                relabel_configs:
                - source_labels: [__meta_dc]
                  target_label: dc
                - source_labels: [__address__]
                  target_label: __param_target
                """);
        TargetBuilder.Result r = TargetBuilder.build(cfg, Map.of("__address__", "h:9100", "__meta_dc", "eu"), Map.of("team", "a"));
        Target t = r.target();
        assertEquals(Labels.of("__address__", "h:9100", "__meta_dc", "eu", "__metrics_path__", "/metrics", "__param_module", "http_2xx",
                "__scheme__", "http", "__scrape_interval__", "15s", "__scrape_timeout__", "10s", "job", "node", "team", "a"), r.discoveredLabels());
        assertEquals(Labels.of("__address__", "h:9100", "__metrics_path__", "/metrics", "__param_module", "http_2xx",
                "__param_target", "h:9100", "__scheme__", "http", "__scrape_interval__", "15s", "__scrape_timeout__", "10s",
                "dc", "eu", "instance", "h:9100", "job", "node", "team", "a"), t.labels());
        assertEquals(Labels.of("dc", "eu", "instance", "h:9100", "job", "node", "team", "a"), t.publicLabels());
        assertEquals("http://h:9100/metrics?module=http_2xx&target=h%3A9100", t.scrapeUrl());
        assertEquals(15_000, t.intervalMs());
        assertEquals(10_000, t.timeoutMs());
        assertEquals("15s", t.scrapeIntervalText());
        assertEquals("10s", t.scrapeTimeoutText());
    }

    @Test
    void targetLabelsOverrideGroupLabelsAndIntervalLabelsOverrideConfig() throws Exception {
        ScrapeConfig cfg = ScrapeLoopTest.config("job_name: j\n");
        Target t = TargetBuilder.build(cfg, Map.of("__address__", "a:1", "x", "target", "__scrape_interval__", "5s",
                "__scrape_timeout__", "2s"), Map.of("x", "group")).target();
        assertEquals("target", t.labels().get("x"));
        assertEquals(5_000, t.intervalMs());
        assertEquals(2_000, t.timeoutMs());
    }

    @Test
    void droppedAndInvalidTargets() throws Exception {
        ScrapeConfig cfg = ScrapeLoopTest.config("job_name: j\nrelabel_configs:\n- source_labels: [__address__]\n  regex: drop.*\n  action: drop\n");
        TargetBuilder.Result dropped = TargetBuilder.build(cfg, Map.of("__address__", "drop:1"), Map.of());
        assertNull(dropped.target());
        assertNull(dropped.error());
        assertEquals("drop:1", dropped.discoveredLabels().get("__address__"));
        assertEquals("no address", TargetBuilder.build(cfg, Map.of("foo", "bar"), Map.of()).error());
        assertEquals("\"a/b\" is not a valid hostname", TargetBuilder.build(cfg, Map.of("__address__", "a/b"), Map.of()).error());
        assertEquals("scrape timeout cannot be greater than scrape interval (\"20s\" > \"10s\")",
                TargetBuilder.build(cfg, Map.of("__address__", "a:1", "__scrape_interval__", "10s", "__scrape_timeout__", "20s"), Map.of()).error());
        assertEquals("error parsing scrape interval: not a valid duration string: \"x\"",
                TargetBuilder.build(cfg, Map.of("__address__", "a:1", "__scrape_interval__", "x"), Map.of()).error());
        var group = new dev.narthex.scraper.discovery.TargetGroup(List.of(Map.of("foo", "x")), Map.of(), "f.yml:0");
        assertEquals("instance 0 in group f.yml:0: no address", TargetBuilder.fromGroup(cfg, group).get(0).error());
    }
}
