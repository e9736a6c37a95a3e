package dev.narthex.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParserTest {
    private static PrometheusConfig parse(String yaml) throws ConfigException {
        return ConfigParser.parse(yaml, "prometheus.yml");
    }

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void emptyFileGetsPrometheusDefaults() throws Exception {
        PrometheusConfig c = parse("");
        assertEquals(60_000, c.global().scrapeIntervalMs());
        assertEquals(10_000, c.global().scrapeTimeoutMs());
        assertEquals(60_000, c.global().evaluationIntervalMs());
        assertTrue(c.scrapeConfigs().isEmpty());
        assertTrue(c.ruleFiles().isEmpty());
    }

    @Test
    void fullExample() throws Exception {
        PrometheusConfig c = parse("""
                global:
                  scrape_interval: 15s
                  evaluation_interval: 30s
                  external_labels:
                    region: eu
                rule_files:
                  - rules/*.yml
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ["am:9093"]
                scrape_configs:
                  - job_name: node
                    scrape_interval: 5s
                    honor_labels: true
                    metrics_path: /probe
                    scheme: https
                    params:
                      module: [http_2xx]
                    static_configs:
                      - targets: ["a:9100", "b:9100"]
                        labels:
                          env: prod
                    relabel_configs:
                      - source_labels: [__address__]
                        target_label: instance
                  - job_name: files
                    file_sd_configs:
                      - files: [targets.json]
                    basic_auth:
                      username: u
                """);
        assertEquals(15_000, c.global().scrapeIntervalMs());
        assertEquals(10_000, c.global().scrapeTimeoutMs());
        assertEquals(30_000, c.global().evaluationIntervalMs());
        assertEquals(Labels.of("region", "eu"), c.global().externalLabels());
        assertEquals(List.of("rules/*.yml"), c.ruleFiles());
        assertEquals(1, c.alerting().alertmanagers().size());
        dev.narthex.scraper.config.ScrapeConfig node = c.scrapeConfigs().get(0);
        assertEquals("node", node.jobName());
        assertEquals(5_000, node.scrapeIntervalMs());
        assertEquals(5_000, node.scrapeTimeoutMs(), "timeout defaults to the global one, capped by the interval");
        assertTrue(node.honorLabels());
        assertTrue(node.honorTimestamps());
        assertEquals("/probe", node.metricsPath());
        assertEquals("https", node.scheme());
        assertEquals(List.of("http_2xx"), node.params().get("module"));
        assertEquals(List.of(Map.of("__address__", "a:9100"), Map.of("__address__", "b:9100")),
                node.staticConfigs().get(0).targets());
        assertEquals(Map.of("env", "prod"), node.staticConfigs().get(0).labels());
        assertEquals(1, node.relabelConfigs().size());
        dev.narthex.scraper.config.ScrapeConfig files = c.scrapeConfigs().get(1);
        assertEquals(15_000, files.scrapeIntervalMs());
        assertEquals(10_000, files.scrapeTimeoutMs());
        assertEquals("/metrics", files.metricsPath());
        assertEquals("http", files.scheme());
        assertEquals(List.of("targets.json"), files.fileSdConfigs().get(0).files());
        assertTrue(c.toYaml().contains("username: u"), "HTTP client settings are rendered as written");

        String yaml = c.toYaml();
        assertTrue(yaml.contains("scrape_interval: 15s"), yaml);
        assertTrue(yaml.contains("job_name: node"), yaml);
        assertEquals(c.scrapeConfigs().size(), parse(yaml).scrapeConfigs().size(), "the rendering loads again");
    }

    @Test
    void shortGlobalIntervalCapsDefaultTimeout() throws Exception {
        assertEquals(5_000, parse("global:\n  scrape_interval: 5s\n").global().scrapeTimeoutMs());
    }

    @Test
    void unknownFieldsAreErrorsWithLineNumbers() {
        assertEquals("parsing YAML file prometheus.yml: yaml: unmarshal errors:\n  line 3: field scrape_intervall not found in type config.plain",
                error("global:\n  scrape_interval: 15s\n  scrape_intervall: 15s\n"));
        assertEquals("parsing YAML file prometheus.yml: yaml: unmarshal errors:\n  line 1: field bogus not found in type config.plain",
                error("bogus: 1\n"));
        assertEquals("parsing YAML file prometheus.yml: yaml: unmarshal errors:\n  line 4: field target not found in type "
                        + "struct { Targets []string \"yaml:\\\"targets\\\"\"; Labels model.LabelSet \"yaml:\\\"labels\\\"\" }",
                error("scrape_configs:\n  - job_name: a\n    static_configs:\n      - target: [x]\n"));
    }

    @Test
    void badValuesCarryLines() {
        assertEquals("parsing YAML file prometheus.yml: yaml: unmarshal errors:\n  line 2: not a valid duration string: \"fast\"",
                error("global:\n  scrape_interval: fast\n"));
        assertEquals("parsing YAML file prometheus.yml: yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `maybe` into bool",
                error("scrape_configs:\n  - job_name: a\n    honor_labels: maybe\n"));
        assertEquals("parsing YAML file prometheus.yml: yaml: unmarshal errors:\n  line 2: key \"global\" already set in map",
                error("global: {}\nglobal: {}\n"));
    }

    @Test
    void maxExemplarsWithPrometheusDefaultAndErrors() throws Exception {
        assertEquals(100_000, parse("").maxExemplars());
        assertEquals(100_000, parse("storage:\n  tsdb:\n    out_of_order_time_window: 5m\n").maxExemplars());
        assertEquals(7, parse("storage:\n  exemplars:\n    max_exemplars: 7\n").maxExemplars());
        assertEquals(-5, parse("storage:\n  exemplars:\n    max_exemplars: -5\n").maxExemplars());
        // Texts as promtool check config (3.5.3) reports them.
        assertEquals("parsing YAML file prometheus.yml: yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `abc` into int64",
                error("storage:\n  exemplars:\n    max_exemplars: abc\n"));
        assertEquals("parsing YAML file prometheus.yml: yaml: unmarshal errors:\n  line 3: field max_exemplar not found in type config.ExemplarsConfig",
                error("storage:\n  exemplars:\n    max_exemplar: 5\n"));
        assertEquals("parsing YAML file prometheus.yml: yaml: unmarshal errors:\n  line 2: field exemplarz not found in type config.StorageConfig",
                error("storage:\n  exemplarz: {}\n"));
    }

    @Test
    void alertRelabelConfigsAreValidatedAtLoad() throws Exception {
        assertEquals("parsing YAML file prometheus.yml: relabel configuration for hashmod requires non-zero modulus",
                error("alerting:\n  alert_relabel_configs:\n    - action: hashmod\n      source_labels: [job]\n      target_label: shard\n"));
        assertEquals(1, parse("alerting:\n  alert_relabel_configs:\n    - action: labelmap\n      regex: (job)\n      replacement: src_$1\n")
                .alerting().alertRelabelConfigs().size());
    }

    @Test
    void validationAsPrometheus() {
        assertEquals("parsing YAML file prometheus.yml: found multiple scrape configs with job name \"a\"",
                error("scrape_configs:\n  - job_name: a\n  - job_name: a\n"));
        assertEquals("parsing YAML file prometheus.yml: job_name is empty",
                error("scrape_configs:\n  - scrape_interval: 1m\n"));
        assertEquals("parsing YAML file prometheus.yml: global scrape timeout greater than scrape interval",
                error("global:\n  scrape_interval: 5s\n  scrape_timeout: 10s\n"));
        assertEquals("parsing YAML file prometheus.yml: scrape timeout greater than scrape interval for scrape config with job name \"a\"",
                error("scrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n    scrape_timeout: 6s\n"));
        assertEquals("parsing YAML file prometheus.yml: empty or null scrape config section",
                error("scrape_configs:\n  -\n"));
        assertEquals("parsing YAML file prometheus.yml: \"http://x/metrics\" is not a valid hostname",
                error("scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [\"http://x/metrics\"]\n"));
        assertTrue(error("global: [\n").startsWith("parsing YAML file prometheus.yml: yaml: "));
    }

    @Test
    void reloadKeepsRunningConfigOnError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, "global:\n  scrape_interval: 15s\n");
        ConfigHolder h = ConfigHolder.fromFile(file);
        assertEquals(15_000, h.current().global().scrapeIntervalMs());

        Files.writeString(file, "global:\n  scrape_interval: nope\n");
        String err = h.reload();
        assertTrue(err.contains("not a valid duration string"), err);
        assertFalse(h.lastReloadSuccessful());
        assertEquals(15_000, h.current().global().scrapeIntervalMs());

        Files.writeString(file, "global:\n  scrape_interval: 30s\n");
        assertEquals(null, h.reload());
        assertTrue(h.lastReloadSuccessful());
        assertEquals(30_000, h.current().global().scrapeIntervalMs());
    }
}
