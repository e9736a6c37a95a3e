package dev.narthex.server.config;

import dev.narthex.scraper.config.ScrapeConfig;
import dev.narthex.scraper.config.ScrapeConfigParser;
import dev.narthex.storage.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Loads {@code prometheus.yml} strictly, with Prometheus's defaults and validation texts. Fields Prometheus
 * knows but Narthex does not use yet are accepted and kept as plain values; unknown fields are errors.
 */
public final class ConfigParser {
    private static final Set<String> TOP = Set.of("global", "runtime", "alerting", "rule_files", "scrape_config_files",
            "scrape_configs", "storage", "tracing", "remote_write", "remote_read", "otlp");
    private static final Set<String> GLOBAL = Set.of("scrape_interval", "scrape_timeout", "scrape_protocols",
            "evaluation_interval", "rule_query_offset", "query_log_file", "scrape_failure_log_file", "external_labels",
            "body_size_limit", "sample_limit", "target_limit", "label_limit", "label_name_length_limit",
            "label_value_length_limit", "keep_dropped_targets", "metric_name_validation_scheme",
            "metric_name_escaping_scheme", "scrape_native_histograms", "convert_classic_histograms_to_nhcb",
            "always_scrape_classic_histograms", "extra_scrape_metrics");
    private static final Set<String> GLOBAL_PARSED = Set.of("scrape_interval", "scrape_timeout", "evaluation_interval",
            "rule_query_offset", "query_log_file", "external_labels", "sample_limit", "target_limit", "label_limit",
            "label_name_length_limit", "label_value_length_limit");
    private static final Set<String> ALERTING = Set.of("alert_relabel_configs", "alertmanagers");
    private static final Set<String> STORAGE = Set.of("tsdb", "exemplars");

    private ConfigParser() {
    }

    /** Loads a file; errors read {@code parsing YAML file NAME: ...} as in Prometheus. */
    public static PrometheusConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("open " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    public static PrometheusConfig parse(String yaml, String fileName) throws ConfigException {
        try {
            return parse(yaml);
        } catch (ConfigException e) {
            throw new ConfigException("parsing YAML file " + fileName + ": " + e.getMessage(), e);
        }
    }

    private static PrometheusConfig parse(String yaml) throws ConfigException {
        Node root;
        try {
            LoadSettings settings = LoadSettings.builder().setSchema(new CoreSchema()).setLabel("config").build();
            root = new Compose(settings).composeString(yaml).orElse(null);
        } catch (YamlEngineException e) {
            throw new ConfigException("yaml: " + e.getMessage().replace('\n', ' ').trim(), e);
        }
        YamlMapping top = YamlMapping.read(root, TOP, null);
        GlobalConfig global = global(top.node("global"));

        List<String> ruleFiles = top.strings("rule_files");
        for (String rf : ruleFiles) {
            if (rf.isEmpty()) {
                throw new ConfigException("invalid rule file path \"" + rf + "\"");
            }
        }
        ScrapeSection scrapes = scrapeSection(top.node("global"), top.node("scrape_configs"));
        AlertingConfig alerting = alerting(top.node("alerting"));
        checkStorage(top.node("storage"));
        Map<String, Object> extra = new LinkedHashMap<>();
        for (String key : top.keys()) {
            if (!Set.of("global", "rule_files", "scrape_configs", "alerting").contains(key) && top.has(key)) {
                extra.put(key, top.plain(key));
            }
        }
        return new PrometheusConfig(global, scrapes.global(), ruleFiles, scrapes.jobs(),
                scrapes.yaml(), alerting, extra);
    }

    private static GlobalConfig global(Node node) throws ConfigException {
        YamlMapping g = YamlMapping.read(node, GLOBAL, null);
        long interval = g.duration("scrape_interval", 0);
        if (interval == 0) {
            interval = GlobalConfig.DEFAULT_SCRAPE_INTERVAL_MS;
        }
        long timeout = g.duration("scrape_timeout", 0);
        if (timeout > interval) {
            throw new ConfigException("global scrape timeout greater than scrape interval");
        }
        if (timeout == 0) {
            timeout = Math.min(GlobalConfig.DEFAULT_SCRAPE_TIMEOUT_MS, interval);
        }
        long eval = g.duration("evaluation_interval", 0);
        if (eval == 0) {
            eval = GlobalConfig.DEFAULT_EVALUATION_INTERVAL_MS;
        }
        Labels external = labels(g.stringMap("external_labels"));
        return new GlobalConfig(interval, timeout, eval, g.duration("rule_query_offset", 0), external,
                g.string("query_log_file", ""), g.uint("sample_limit", 0), g.uint("target_limit", 0),
                g.uint("label_limit", 0), g.uint("label_name_length_limit", 0),
                g.uint("label_value_length_limit", 0), rest(g, GLOBAL_PARSED));
    }

    private record ScrapeSection(dev.narthex.scraper.config.GlobalConfig global, List<ScrapeConfig> jobs,
                                 List<Object> yaml) {
    }

    /**
     * The scrape part of the file goes through the scraper's own parser, so that what is validated is what
     * runs. Its errors carry the YAML line; type errors keep it in Go's {@code yaml: unmarshal errors} form,
     * validation errors read as Prometheus's, without a line.
     */
    private static ScrapeSection scrapeSection(Node globalNode, Node scrapeNode) throws ConfigException {
        try {
            dev.narthex.scraper.config.GlobalConfig g = globalNode == null
                    ? dev.narthex.scraper.config.GlobalConfig.DEFAULT : ScrapeConfigParser.parseGlobal(globalNode);
            if (scrapeNode == null) {
                return new ScrapeSection(g, List.of(), List.of());
            }
            List<ScrapeConfig> jobs = ScrapeConfigParser.parseAll(scrapeNode, g);
            Object plain = YamlMapping.toPlain(scrapeNode);
            return new ScrapeSection(g, jobs, plain instanceof List<?> l ? new ArrayList<>(l) : List.of());
        } catch (dev.narthex.scraper.config.ConfigException e) {
            throw new ConfigException(scrapeError(e), e);
        }
    }

    static String scrapeError(dev.narthex.scraper.config.ConfigException e) {
        String reason = e.reason();
        boolean unmarshal = reason.startsWith("cannot unmarshal") || reason.startsWith("field ");
        return unmarshal && e.line() > 0 ? "yaml: unmarshal errors:\n  line " + e.line() + ": " + reason : reason;
    }

    private static AlertingConfig alerting(Node node) throws ConfigException {
        YamlMapping a = YamlMapping.read(node, ALERTING, null);
        List<Object> relabel = rules(a, "alert_relabel_configs", "empty or null alert relabeling rule");
        if (!relabel.isEmpty()) {
            try {
                // Validated at load as Prometheus does; the notifier re-reads the rules from the rendered YAML.
                ScrapeConfigParser.parseRelabelConfigs(a.node("alert_relabel_configs"));
            } catch (dev.narthex.scraper.config.ConfigException e) {
                throw new ConfigException(scrapeError(e), e);
            }
        }
        List<Object> ams = new ArrayList<>();
        for (Node n : a.sequence("alertmanagers")) {
            if (n == null) {
                throw new ConfigException("empty or null alertmanager config");
            }
            ams.add(YamlMapping.toPlain(n));
        }
        return new AlertingConfig(relabel, ams);
    }

    /**
     * Checks the {@code storage} section's fields and types as Prometheus's StorageConfig does; it stays a
     * plain value ({@link PrometheusConfig#maxExemplars()} reads {@code max_exemplars} from it).
     */
    private static void checkStorage(Node node) throws ConfigException {
        YamlMapping st = YamlMapping.read(node, STORAGE, null, "config.StorageConfig");
        YamlMapping.read(st.node("tsdb"), Set.of("out_of_order_time_window"), null, "config.TSDBConfig")
                .duration("out_of_order_time_window", 0);
        YamlMapping.read(st.node("exemplars"), Set.of("max_exemplars"), null, "config.ExemplarsConfig")
                .int64("max_exemplars", 0);
    }

    private static List<Object> rules(YamlMapping m, String key, String nullError) throws ConfigException {
        List<Object> out = new ArrayList<>();
        for (Node n : m.sequence(key)) {
            if (n == null) {
                throw new ConfigException(nullError);
            }
            out.add(YamlMapping.toPlain(n));
        }
        return out;
    }

    private static Map<String, Object> rest(YamlMapping m, Set<String> parsed) {
        Map<String, Object> extra = new LinkedHashMap<>();
        for (String key : m.keys()) {
            if (!parsed.contains(key) && m.has(key)) {
                extra.put(key, m.plain(key));
            }
        }
        return extra;
    }

    private static Labels labels(Map<String, String> map) throws ConfigException {
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (e.getKey().isEmpty()) {
                throw new ConfigException("\"\" is not a valid label name");
            }
        }
        return Labels.of(map);
    }
}
