package dev.narthex.server.config;

import dev.narthex.storage.text.PromDuration;
import dev.narthex.scraper.config.ScrapeConfig;
import dev.narthex.storage.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/** Renders a loaded config with its defaults filled in, in Prometheus's field order and duration notation. */
final class ConfigYamlWriter {
    private ConfigYamlWriter() {
    }

    static String write(PrometheusConfig c) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("global", global(c.global()));
        if (c.alerting().alertmanagers().size() + c.alerting().alertRelabelConfigs().size() > 0) {
            Map<String, Object> a = new LinkedHashMap<>();
            if (!c.alerting().alertRelabelConfigs().isEmpty()) {
                a.put("alert_relabel_configs", c.alerting().alertRelabelConfigs());
            }
            if (!c.alerting().alertmanagers().isEmpty()) {
                a.put("alertmanagers", c.alerting().alertmanagers());
            }
            root.put("alerting", a);
        }
        if (!c.ruleFiles().isEmpty()) {
            root.put("rule_files", c.ruleFiles());
        }
        if (!c.scrapeConfigs().isEmpty()) {
            List<Object> scrapes = new ArrayList<>();
            for (int i = 0; i < c.scrapeConfigs().size(); i++) {
                scrapes.add(scrape(c.scrapeConfigs().get(i), c.scrapeConfigsYaml().get(i)));
            }
            root.put("scrape_configs", scrapes);
        }
        root.putAll(c.extra());
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setWidth(Integer.MAX_VALUE).build();
        return new Dump(settings).dumpToString(root);
    }

    private static Map<String, Object> global(GlobalConfig g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scrape_interval", PromDuration.format(g.scrapeIntervalMs()));
        m.put("scrape_timeout", PromDuration.format(g.scrapeTimeoutMs()));
        m.put("evaluation_interval", PromDuration.format(g.evaluationIntervalMs()));
        if (g.ruleQueryOffsetMs() != 0) {
            m.put("rule_query_offset", PromDuration.format(g.ruleQueryOffsetMs()));
        }
        if (!g.externalLabels().isEmpty()) {
            m.put("external_labels", labels(g.externalLabels()));
        }
        if (!g.queryLogFile().isEmpty()) {
            m.put("query_log_file", g.queryLogFile());
        }
        putLimit(m, "sample_limit", g.sampleLimit());
        putLimit(m, "target_limit", g.targetLimit());
        putLimit(m, "label_limit", g.labelLimit());
        putLimit(m, "label_name_length_limit", g.labelNameLengthLimit());
        putLimit(m, "label_value_length_limit", g.labelValueLengthLimit());
        m.putAll(g.extra());
        return m;
    }

    /** The entry as written, with the defaults Prometheus prints filled in first. */
    private static Map<String, Object> scrape(ScrapeConfig s, Object written) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_name", s.jobName());
        m.put("honor_timestamps", s.honorTimestamps());
        m.put("track_timestamps_staleness", s.trackTimestampsStaleness());
        m.put("scrape_interval", PromDuration.format(s.scrapeIntervalMs()));
        m.put("scrape_timeout", PromDuration.format(s.scrapeTimeoutMs()));
        m.put("scrape_protocols", s.scrapeProtocols());
        m.put("metrics_path", s.metricsPath());
        m.put("scheme", s.scheme());
        m.put("enable_compression", s.enableCompression());
        putLimit(m, "sample_limit", s.sampleLimit());
        putLimit(m, "target_limit", s.targetLimit());
        putLimit(m, "label_limit", s.labelLimit());
        putLimit(m, "label_name_length_limit", s.labelNameLengthLimit());
        putLimit(m, "label_value_length_limit", s.labelValueLengthLimit());
        if (written instanceof Map<?, ?> w) {
            for (Map.Entry<?, ?> e : w.entrySet()) {
                m.putIfAbsent(String.valueOf(e.getKey()), e.getValue());
            }
        }
        return m;
    }

    private static void putLimit(Map<String, Object> m, String key, long v) {
        if (v != 0) {
            m.put(key, v);
        }
    }

    private static Map<String, String> labels(Labels l) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < l.size(); i++) {
            m.put(l.name(i), l.value(i));
        }
        return m;
    }
}
