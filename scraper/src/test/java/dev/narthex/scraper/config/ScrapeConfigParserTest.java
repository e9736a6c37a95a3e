package dev.narthex.scraper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.relabel.Action;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.Node;

class ScrapeConfigParserTest {
    private static Node yaml(String text) {
        return new Compose(LoadSettings.builder().build()).composeString(text).orElseThrow();
    }

    private static ConfigException error(String text) {
        return assertThrows(ConfigException.class, () -> ScrapeConfigParser.parseAll(yaml(text), GlobalConfig.DEFAULT));
    }

    @Test
    void defaultsFromPrometheus() throws Exception {
        ScrapeConfig c = ScrapeConfigParser.parse(yaml("job_name: node\nstatic_configs:\n- targets: [a:1]\n"), GlobalConfig.DEFAULT);
        assertEquals(60_000, c.scrapeIntervalMs());
        assertEquals(10_000, c.scrapeTimeoutMs());
        assertEquals("/metrics", c.metricsPath());
        assertEquals("http", c.scheme());
        assertTrue(c.honorTimestamps());
        assertFalse(c.honorLabels());
        assertTrue(c.enableCompression());
        assertEquals(List.of(Map.of("__address__", "a:1")), c.staticConfigs().get(0).targets());
    }

    @Test
    void timeoutDefaultsToTheSmallerOfGlobalTimeoutAndInterval() throws Exception {
        GlobalConfig g = ScrapeConfigParser.parseGlobal(Map.of("scrape_interval", "15s", "scrape_timeout", "10s", "evaluation_interval", "1m"));
        ScrapeConfig c = ScrapeConfigParser.parse(Map.of("job_name", "x", "scrape_interval", "5s", "sample_limit", 7), g);
        assertEquals(5_000, c.scrapeIntervalMs());
        assertEquals(5_000, c.scrapeTimeoutMs());
        assertEquals(7, c.sampleLimit());
        assertEquals(15_000, ScrapeConfigParser.parse(Map.of("job_name", "y"), g).scrapeIntervalMs());
        GlobalConfig fast = ScrapeConfigParser.parseGlobal(Map.of("scrape_interval", "5s"));
        assertEquals(5_000, fast.scrapeTimeoutMs());
        assertEquals("global scrape timeout greater than scrape interval", assertThrows(ConfigException.class,
                () -> ScrapeConfigParser.parseGlobal(Map.of("scrape_interval", "5s", "scrape_timeout", "6s"))).reason());
    }

    @Test
    void fullConfig() throws Exception {
        ScrapeConfig c = ScrapeConfigParser.parse(yaml("""
                job_name: full
                scrape_interval: 1m30s
                scrape_timeout: 20s
                metrics_path: /m
                scheme: https
                params:
                  module: [a, b]
                honor_labels: true
                honor_timestamps: false
                track_timestamps_staleness: true
                sample_limit: 10
                label_limit: 11
                label_name_length_limit: 12
                label_value_length_limit: 13
                target_limit: 14
                body_size_limit: 10MB
                basic_auth:
                  username: u
                  password_file: /p
                tls_config:
                  ca_file: /ca
                  cert_file: /c
                  key_file: /k
                  insecure_skip_verify: true
                file_sd_configs:
                - files: [/sd/*.json, /sd/t.yml]
                  refresh_interval: 30s
                relabel_configs:
                - source_labels: [__address__]
                  modulus: 4
                  target_label: __tmp_hash
                  action: hashmod
                metric_relabel_configs:
                - regex: tmp_.*
                  action: labeldrop
                """), GlobalConfig.DEFAULT);
        assertEquals(90_000, c.scrapeIntervalMs());
        assertEquals(20_000, c.scrapeTimeoutMs());
        assertEquals(Map.of("module", List.of("a", "b")), c.params());
        assertTrue(c.honorLabels());
        assertFalse(c.honorTimestamps());
        assertTrue(c.trackTimestampsStaleness());
        assertEquals(10L << 20, c.bodySizeLimit());
        assertEquals(14, c.targetLimit());
        assertEquals(new HttpClientConfig.BasicAuth("u", "", "", "/p"), c.httpClient().basicAuth());
        assertEquals(new HttpClientConfig.TlsConfig("/ca", "/c", "/k", "", true), c.httpClient().tls());
        assertEquals(new FileSdConfig(List.of("/sd/*.json", "/sd/t.yml"), 30_000), c.fileSdConfigs().get(0));
        assertEquals(Action.HASHMOD, c.relabelConfigs().get(0).action());
        assertEquals(4, c.relabelConfigs().get(0).modulus());
        assertEquals(Action.LABELDROP, c.metricRelabelConfigs().get(0).action());
        assertNull(c.httpClient().authorization());
    }

    @Test
    void bearerTokenFileBecomesAuthorization() throws Exception {
        ScrapeConfig c = ScrapeConfigParser.parse(yaml("job_name: a\nbearer_token_file: /t\n"), GlobalConfig.DEFAULT);
        assertEquals(new HttpClientConfig.Authorization("Bearer", "", "/t"), c.httpClient().authorization());
    }

    @Test
    void errorsCarryPrometheusTextsAndLines() {
        ConfigException e = error("- job_name: a\n  scrape_interval: 5s\n  scrape_timeout: 10s\n");
        assertEquals("scrape timeout greater than scrape interval for scrape config with job name \"a\"", e.reason());
        assertEquals(1, e.line());
        e = error("- job_name: a\n- job_name: a\n");
        assertEquals("found multiple scrape configs with job name \"a\"", e.reason());
        assertEquals(2, e.line());
        e = error("- job_name: a\n  scrape_intervall: 5s\n");
        assertEquals("field scrape_intervall not found in type config.ScrapeConfig", e.reason());
        assertEquals(2, e.line());
        e = error("- job_name: a\n  scrape_interval: 5x\n");
        assertEquals("unknown unit \"x\" in duration \"5x\"", e.reason());
        assertEquals("line 2: unknown unit \"x\" in duration \"5x\"", e.getMessage());
        assertEquals("job_name is empty", error("- scrape_interval: 5s\n").reason());
        assertEquals("relabel configuration for hashmod requires non-zero modulus",
                error("- job_name: a\n  relabel_configs:\n  - action: hashmod\n    target_label: x\n").reason());
        assertEquals("unknown relabel action \"explode\"",
                error("- job_name: a\n  relabel_configs:\n  - action: explode\n").reason());
        assertEquals("empty or null target relabeling rule in scrape config",
                error("- job_name: a\n  relabel_configs:\n  -\n").reason());
        assertEquals("\"a/b\" is not a valid hostname", error("- job_name: a\n  static_configs:\n  - targets: [a/b]\n").reason());
        assertEquals("path name \"/x/*.txt\" is not valid for file discovery",
                error("- job_name: a\n  file_sd_configs:\n  - files: [/x/*.txt]\n").reason());
        assertEquals("at most one of bearer_token & bearer_token_file must be configured",
                error("- job_name: a\n  bearer_token: x\n  bearer_token_file: y\n").reason());
        assertEquals("authorization type cannot be set to \"basic\", use \"basic_auth\" instead",
                error("- job_name: a\n  authorization:\n    type: Basic\n").reason());
        assertEquals("scheme \"ftp\" is not supported, must be http or https", error("- job_name: a\n  scheme: ftp\n").reason());
        assertEquals("error parsing regexp: missing closing ): `^(?s:(a)$`",
                error("- job_name: a\n  metric_relabel_configs:\n  - regex: '(a'\n    action: drop\n").reason());
    }
}
