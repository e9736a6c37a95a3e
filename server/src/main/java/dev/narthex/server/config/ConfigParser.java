package dev.narthex.server.config;

import dev.narthex.storage.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
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
    private static final Set<String> SCRAPE = Set.of("job_name", "honor_labels", "honor_timestamps",
            "track_timestamps_staleness", "params", "scrape_interval", "scrape_timeout", "scrape_protocols",
            "fallback_scrape_protocol", "scrape_native_histograms", "always_scrape_classic_histograms",
            "convert_classic_histograms_to_nhcb", "scrape_failure_log_file", "metrics_path", "scheme",
            "enable_compression", "body_size_limit", "sample_limit", "target_limit", "label_limit",
            "label_name_length_limit", "label_value_length_limit", "native_histogram_bucket_limit",
            "native_histogram_min_bucket_factor", "keep_dropped_targets", "metric_name_validation_scheme",
            "metric_name_escaping_scheme", "extra_scrape_metrics", "relabel_configs", "metric_relabel_configs",
            // HTTP client settings, inlined as in Prometheus.
            "basic_auth", "authorization", "oauth2", "bearer_token", "bearer_token_file", "tls_config", "proxy_url",
            "no_proxy", "proxy_from_environment", "proxy_connect_header", "follow_redirects", "enable_http2",
            "http_headers", "static_configs");
    private static final Set<String> SCRAPE_PARSED = Set.of("job_name", "honor_labels", "honor_timestamps",
            "track_timestamps_staleness", "params", "scrape_interval", "scrape_timeout", "metrics_path", "scheme",
            "enable_compression", "sample_limit", "target_limit", "label_limit", "label_name_length_limit",
            "label_value_length_limit", "relabel_configs", "metric_relabel_configs", "static_configs");
    private static final Set<String> STATIC = Set.of("targets", "labels");
    private static final Set<String> ALERTING = Set.of("alert_relabel_configs", "alertmanagers");

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
        List<ScrapeConfig> scrapes = new ArrayList<>();
        Set<String> jobs = new HashSet<>();
        for (Node n : top.sequence("scrape_configs")) {
            if (n == null) {
                throw new ConfigException("empty or null scrape config section");
            }
            ScrapeConfig sc = scrape(n, global);
            if (!jobs.add(sc.jobName())) {
                throw new ConfigException("found multiple scrape configs with job name \"" + sc.jobName() + "\"");
            }
            scrapes.add(sc);
        }
        AlertingConfig alerting = alerting(top.node("alerting"));
        Map<String, Object> extra = new LinkedHashMap<>();
        for (String key : top.keys()) {
            if (!Set.of("global", "rule_files", "scrape_configs", "alerting").contains(key) && top.has(key)) {
                extra.put(key, top.plain(key));
            }
        }
        return new PrometheusConfig(global, ruleFiles, scrapes, alerting, extra);
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

    private static ScrapeConfig scrape(Node node, GlobalConfig global) throws ConfigException {
        YamlMapping s = YamlMapping.read(node, SCRAPE, "_sd_configs");
        String job = s.string("job_name", "");
        if (job.isEmpty()) {
            throw new ConfigException("job_name is empty");
        }
        List<Object> relabel = rules(s, "relabel_configs", "empty or null target relabeling rule in scrape config");
        List<Object> metricRelabel = rules(s, "metric_relabel_configs",
                "empty or null metric relabeling rule in scrape config");
        long interval = s.duration("scrape_interval", 0);
        if (interval == 0) {
            interval = global.scrapeIntervalMs();
        }
        long timeout = s.duration("scrape_timeout", 0);
        if (timeout > interval) {
            throw new ConfigException("scrape timeout greater than scrape interval for scrape config with job name \""
                    + job + "\"");
        }
        if (timeout == 0) {
            timeout = Math.min(global.scrapeTimeoutMs(), interval);
        }
        String scheme = s.string("scheme", "http");
        String metricsPath = s.string("metrics_path", "/metrics");
        List<StaticConfig> statics = new ArrayList<>();
        for (Node n : s.sequence("static_configs")) {
            YamlMapping st = YamlMapping.read(n, STATIC, null);
            List<String> targets = st.strings("targets");
            if (relabel.isEmpty()) {
                for (String t : targets) {
                    if (t.contains("/")) {
                        throw new ConfigException("\"" + t + "\" is not a valid hostname");
                    }
                }
            }
            statics.add(new StaticConfig(targets, labels(st.stringMap("labels"))));
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        Node p = s.node("params");
        if (p != null) {
            if (!(p instanceof MappingNode pm)) {
                throw YamlMapping.typeError(p, "url.Values");
            }
            for (NodeTuple t : pm.getValue()) {
                String key = ((ScalarNode) t.getKeyNode()).getValue();
                List<String> vals = new ArrayList<>();
                if (!(t.getValueNode() instanceof SequenceNode seq)) {
                    throw YamlMapping.typeError(t.getValueNode(), "[]string");
                }
                for (Node v : seq.getValue()) {
                    vals.add(((ScalarNode) v).getValue());
                }
                params.put(key, List.copyOf(vals));
            }
        }
        return new ScrapeConfig(job, s.bool("honor_labels", false), s.bool("honor_timestamps", true),
                s.bool("track_timestamps_staleness", false), params, interval, timeout, metricsPath, scheme,
                s.bool("enable_compression", true), orGlobal(s.uint("sample_limit", 0), global.sampleLimit()),
                orGlobal(s.uint("target_limit", 0), global.targetLimit()),
                orGlobal(s.uint("label_limit", 0), global.labelLimit()),
                orGlobal(s.uint("label_name_length_limit", 0), global.labelNameLengthLimit()),
                orGlobal(s.uint("label_value_length_limit", 0), global.labelValueLengthLimit()),
                statics, relabel, metricRelabel, rest(s, SCRAPE_PARSED));
    }

    private static long orGlobal(long local, long global) {
        return local == 0 ? global : local;
    }

    private static AlertingConfig alerting(Node node) throws ConfigException {
        YamlMapping a = YamlMapping.read(node, ALERTING, null);
        List<Object> relabel = rules(a, "alert_relabel_configs", "empty or null alert relabeling rule");
        List<Object> ams = new ArrayList<>();
        for (Node n : a.sequence("alertmanagers")) {
            if (n == null) {
                throw new ConfigException("empty or null alertmanager config");
            }
            ams.add(YamlMapping.toPlain(n));
        }
        return new AlertingConfig(relabel, ams);
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
