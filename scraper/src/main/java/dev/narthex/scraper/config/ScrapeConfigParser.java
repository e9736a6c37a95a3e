package dev.narthex.scraper.config;

import dev.narthex.storage.text.PromDuration;
import dev.narthex.storage.text.GoQuote;
import dev.narthex.scraper.discovery.TargetGroup;
import dev.narthex.storage.relabel.Action;
import dev.narthex.storage.relabel.RelabelConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Builds {@link ScrapeConfig}s from the {@code scrape_configs} part of a parsed prometheus.yml, with
 * Prometheus's defaults, validation and error texts. Unknown fields are rejected as Go's strict YAML
 * decoding rejects them. Errors carry the YAML line when the input came from a snakeyaml-engine node.
 * Stateless and thread-safe.
 */
public final class ScrapeConfigParser {
    private static final Set<String> SCRAPE_FIELDS = Set.of("job_name", "scrape_interval", "scrape_timeout",
            "metrics_path", "scheme", "params", "honor_labels", "honor_timestamps", "track_timestamps_staleness",
            "sample_limit", "label_limit", "label_name_length_limit", "label_value_length_limit", "target_limit",
            "body_size_limit", "keep_dropped_targets", "enable_compression", "fallback_scrape_protocol",
            "scrape_protocols", "basic_auth", "authorization", "bearer_token", "bearer_token_file", "tls_config",
            "follow_redirects", "enable_http2", "static_configs", "file_sd_configs", "relabel_configs",
            "metric_relabel_configs");
    private static final Set<String> RELABEL_FIELDS = Set.of("source_labels", "separator", "regex", "modulus",
            "target_label", "replacement", "action");
    private static final String TARGET_GROUP_STRUCT =
            "struct { Targets []string \"yaml:\\\"targets\\\"\"; Labels model.LabelSet \"yaml:\\\"labels\\\"\" }";
    private static final Pattern FILE_SD_PATH = Pattern.compile("^[^*]*(\\*[^/]*)?\\.(json|yml|yaml|JSON|YML|YAML)$");
    private static final Map<String, String> PROTOCOL_MEDIA_TYPES = Map.of(
            "PrometheusText0.0.4", "text/plain",
            "PrometheusText1.0.0", "text/plain",
            "OpenMetricsText0.0.1", "application/openmetrics-text",
            "OpenMetricsText1.0.0", "application/openmetrics-text",
            "PrometheusProto", "application/vnd.google.protobuf");

    private ScrapeConfigParser() {
    }

    /** Parses the value of {@code scrape_configs} (a YAML sequence); job names must be unique. */
    public static List<ScrapeConfig> parseAll(Node scrapeConfigs, GlobalConfig global) throws ConfigException {
        return parseAll(ConfigNode.of(scrapeConfigs), global);
    }

    /** As {@link #parseAll(Node, GlobalConfig)} for plain Java lists and maps (errors without lines). */
    public static List<ScrapeConfig> parseAll(List<?> scrapeConfigs, GlobalConfig global) throws ConfigException {
        return parseAll(ConfigNode.ofObject(scrapeConfigs), global);
    }

    static List<ScrapeConfig> parseAll(ConfigNode node, GlobalConfig global) throws ConfigException {
        List<ScrapeConfig> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode n : node.list("[]*config.ScrapeConfig")) {
            ScrapeConfig c = parse(n, global);
            if (!names.add(c.jobName())) {
                throw n.error("found multiple scrape configs with job name " + GoQuote.quote(c.jobName()));
            }
            out.add(c);
        }
        return out;
    }

    public static ScrapeConfig parse(Node scrapeConfig, GlobalConfig global) throws ConfigException {
        return parse(ConfigNode.of(scrapeConfig), global);
    }

    public static ScrapeConfig parse(Map<String, ?> scrapeConfig, GlobalConfig global) throws ConfigException {
        return parse(ConfigNode.ofObject(scrapeConfig), global);
    }

    /** Parses the scrape-related fields of {@code global}, ignoring the others (the server owns them). */
    public static GlobalConfig parseGlobal(Node global) throws ConfigException {
        return parseGlobal(ConfigNode.of(global));
    }

    public static GlobalConfig parseGlobal(Map<String, ?> global) throws ConfigException {
        return parseGlobal(ConfigNode.ofObject(global));
    }

    static GlobalConfig parseGlobal(ConfigNode node) throws ConfigException {
        Map<String, ConfigNode> m = node.map("config.GlobalConfig");
        GlobalConfig d = GlobalConfig.DEFAULT;
        long interval = duration(m, "scrape_interval", d.scrapeIntervalMs());
        // An unset global timeout is the default 10s, or the interval when that is shorter.
        long timeout = duration(m, "scrape_timeout", Math.min(d.scrapeTimeoutMs(), interval));
        if (timeout > interval) {
            throw node.error("global scrape timeout greater than scrape interval");
        }
        return new GlobalConfig(interval, timeout, size(m, "body_size_limit", 0), uint(m, "sample_limit", 0),
                uint(m, "target_limit", 0), uint(m, "label_limit", 0), uint(m, "label_name_length_limit", 0),
                uint(m, "label_value_length_limit", 0), uint(m, "keep_dropped_targets", 0));
    }

    static ScrapeConfig parse(ConfigNode node, GlobalConfig g) throws ConfigException {
        if (node.isNull()) {
            throw node.error("empty or null scrape config section");
        }
        Map<String, ConfigNode> m = node.map("config.ScrapeConfig");
        rejectUnknown(m, SCRAPE_FIELDS, "config.ScrapeConfig");
        String job = str(m, "job_name", "");
        if (job.isEmpty()) {
            throw node.error("job_name is empty");
        }
        long interval = duration(m, "scrape_interval", 0);
        if (interval == 0) {
            interval = g.scrapeIntervalMs();
        }
        long timeout = duration(m, "scrape_timeout", 0);
        if (timeout > interval) {
            throw node.error("scrape timeout greater than scrape interval for scrape config with job name " + GoQuote.quote(job));
        }
        if (timeout == 0) {
            timeout = Math.min(g.scrapeTimeoutMs(), interval);
        }
        String scheme = str(m, "scheme", "http");
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw at(m, "scheme", node).error("scheme " + GoQuote.quote(scheme) + " is not supported, must be http or https");
        }
        String fallback = "";
        if (m.containsKey("fallback_scrape_protocol") && !str(m, "fallback_scrape_protocol", "").isEmpty()) {
            String p = str(m, "fallback_scrape_protocol", "");
            fallback = PROTOCOL_MEDIA_TYPES.get(p);
            if (fallback == null) {
                throw m.get("fallback_scrape_protocol").error("invalid fallback_scrape_protocol for scrape config with job name "
                        + GoQuote.quote(job) + ": unknown scrape protocol " + p + ", supported: " + PROTOCOL_MEDIA_TYPES.keySet().stream().sorted().toList());
            }
        }
        List<String> protocols = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConfigNode p : m.getOrDefault("scrape_protocols", ConfigNode.ofObject(null)).list("[]config.ScrapeProtocol")) {
            if (!PROTOCOL_MEDIA_TYPES.containsKey(p.string())) {
                throw p.error("unknown scrape protocol " + p.string() + ", supported: "
                        + PROTOCOL_MEDIA_TYPES.keySet().stream().sorted().toList() + " for scrape config with job name " + GoQuote.quote(job));
            }
            if (!seen.add(p.string())) {
                throw p.error("duplicated protocol in scrape_protocols, got " + protocols + " for scrape config with job name "
                        + GoQuote.quote(job));
            }
            protocols.add(p.string());
        }
        if (protocols.isEmpty()) {
            protocols = ScrapeConfig.DEFAULT_SCRAPE_PROTOCOLS;
        }
        List<RelabelConfig> relabel = relabelConfigs(m.get("relabel_configs"), "empty or null target relabeling rule in scrape config");
        List<RelabelConfig> metricRelabel = relabelConfigs(m.get("metric_relabel_configs"), "empty or null metric relabeling rule in scrape config");
        List<TargetGroup> statics = staticConfigs(m.get("static_configs"), relabel.isEmpty());
        return new ScrapeConfig(job, interval, timeout, str(m, "metrics_path", "/metrics"), scheme, params(m.get("params")),
                bool(m, "honor_labels", false), bool(m, "honor_timestamps", true), bool(m, "track_timestamps_staleness", false),
                orGlobal(uint(m, "sample_limit", 0), g.sampleLimit()), orGlobal(uint(m, "label_limit", 0), g.labelLimit()),
                orGlobal(uint(m, "label_name_length_limit", 0), g.labelNameLengthLimit()),
                orGlobal(uint(m, "label_value_length_limit", 0), g.labelValueLengthLimit()),
                orGlobal(uint(m, "target_limit", 0), g.targetLimit()), orGlobal(size(m, "body_size_limit", 0), g.bodySizeLimit()),
                orGlobal(uint(m, "keep_dropped_targets", 0), g.keepDroppedTargets()), bool(m, "enable_compression", true),
                fallback, protocols, httpClient(node, m), statics, fileSdConfigs(m.get("file_sd_configs")), relabel, metricRelabel);
    }

    /** Parses a list of relabeling rules (also for alert_relabel_configs and write_relabel_configs). */
    public static List<RelabelConfig> parseRelabelConfigs(Node rules) throws ConfigException {
        return relabelConfigs(ConfigNode.of(rules), "empty or null relabeling rule");
    }

    static List<RelabelConfig> relabelConfigs(ConfigNode node, String nullMessage) throws ConfigException {
        List<RelabelConfig> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        for (ConfigNode n : node.list("[]*relabel.Config")) {
            if (n.isNull()) {
                throw n.error(nullMessage);
            }
            out.add(relabelConfig(n));
        }
        return out;
    }

    static RelabelConfig relabelConfig(ConfigNode n) throws ConfigException {
        Map<String, ConfigNode> m = n.map("relabel.Config");
        rejectUnknown(m, RELABEL_FIELDS, "relabel.Config");
        RelabelConfig.Builder b = RelabelConfig.builder();
        try {
            if (m.containsKey("action")) {
                String a = m.get("action").string();
                if (a.isEmpty()) {
                    throw m.get("action").error("relabel action cannot be empty");
                }
                b.action(Action.parse(a));
            }
            if (m.containsKey("source_labels")) {
                List<String> sources = new ArrayList<>();
                for (ConfigNode s : m.get("source_labels").list("model.LabelNames")) {
                    sources.add(s.string());
                }
                b.sourceLabels(sources);
            }
            if (m.containsKey("separator")) {
                b.separator(m.get("separator").string());
            }
            if (m.containsKey("regex")) {
                b.regex(m.get("regex").string());
            }
            if (m.containsKey("modulus")) {
                b.modulus(parseUint(m.get("modulus")));
            }
            if (m.containsKey("target_label")) {
                b.targetLabel(m.get("target_label").string());
            }
            if (m.containsKey("replacement")) {
                b.replacement(m.get("replacement").string());
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    private static List<TargetGroup> staticConfigs(ConfigNode node, boolean checkAddresses) throws ConfigException {
        List<TargetGroup> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        int i = 0;
        for (ConfigNode g : node.list("[]*targetgroup.Group")) {
            Map<String, ConfigNode> m = g.map("targetgroup.Group");
            // Prometheus decodes a group into an anonymous struct; go-yaml names it by its literal.
            rejectUnknown(m, Set.of("targets", "labels"), TARGET_GROUP_STRUCT);
            List<Map<String, String>> targets = new ArrayList<>();
            if (m.containsKey("targets")) {
                for (ConfigNode t : m.get("targets").list("[]string")) {
                    String addr = t.string();
                    if (checkAddresses && addr.contains("/")) {
                        throw t.error(GoQuote.quote(addr) + " is not a valid hostname");
                    }
                    targets.add(Map.of("__address__", addr));
                }
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.containsKey("labels")) {
                for (Map.Entry<String, ConfigNode> e : m.get("labels").map("model.LabelSet").entrySet()) {
                    if (e.getKey().isEmpty()) {
                        throw e.getValue().error("\"\" is not a valid label name");
                    }
                    labels.put(e.getKey(), e.getValue().string());
                }
            }
            out.add(new TargetGroup(targets, labels, String.valueOf(i++)));
        }
        return out;
    }

    private static List<FileSdConfig> fileSdConfigs(ConfigNode node) throws ConfigException {
        List<FileSdConfig> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        for (ConfigNode c : node.list("[]*file.SDConfig")) {
            Map<String, ConfigNode> m = c.map("file.SDConfig");
            rejectUnknown(m, Set.of("files", "refresh_interval"), "file.SDConfig");
            List<String> files = new ArrayList<>();
            if (m.containsKey("files")) {
                for (ConfigNode f : m.get("files").list("[]string")) {
                    String name = f.string().trim();
                    if (name.isEmpty() || !FILE_SD_PATH.matcher(name).matches()) {
                        throw f.error("path name " + GoQuote.quote(name) + " is not valid for file discovery");
                    }
                    files.add(name);
                }
            }
            if (files.isEmpty()) {
                throw c.error("file service discovery config must contain at least one path name");
            }
            out.add(new FileSdConfig(files, duration(m, "refresh_interval", FileSdConfig.DEFAULT_REFRESH_MS)));
        }
        return out;
    }

    private static HttpClientConfig httpClient(ConfigNode node, Map<String, ConfigNode> m) throws ConfigException {
        HttpClientConfig.BasicAuth basic = null;
        if (m.containsKey("basic_auth") && !m.get("basic_auth").isNull()) {
            Map<String, ConfigNode> b = m.get("basic_auth").map("config.BasicAuth");
            rejectUnknown(b, Set.of("username", "username_file", "password", "password_file"), "config.BasicAuth");
            basic = new HttpClientConfig.BasicAuth(str(b, "username", ""), str(b, "username_file", ""),
                    str(b, "password", ""), str(b, "password_file", ""));
            if (!basic.username().isEmpty() && !basic.usernameFile().isEmpty()) {
                throw node.error("at most one of basic_auth username & username_file must be configured");
            }
            if (!basic.password().isEmpty() && !basic.passwordFile().isEmpty()) {
                throw node.error("at most one of basic_auth password & password_file must be configured");
            }
        }
        String bearer = str(m, "bearer_token", "");
        String bearerFile = str(m, "bearer_token_file", "");
        if (!bearer.isEmpty() && !bearerFile.isEmpty()) {
            throw node.error("at most one of bearer_token & bearer_token_file must be configured");
        }
        if (basic != null && (!bearer.isEmpty() || !bearerFile.isEmpty())) {
            throw node.error("at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
        }
        HttpClientConfig.Authorization auth = null;
        if (m.containsKey("authorization") && !m.get("authorization").isNull()) {
            if (!bearer.isEmpty() || !bearerFile.isEmpty()) {
                throw node.error("authorization is not compatible with bearer_token & bearer_token_file");
            }
            if (basic != null) {
                throw node.error("at most one of basic_auth, oauth2 & authorization must be configured");
            }
            Map<String, ConfigNode> a = m.get("authorization").map("config.Authorization");
            rejectUnknown(a, Set.of("type", "credentials", "credentials_file"), "config.Authorization");
            String type = str(a, "type", "").trim();
            if (type.isEmpty()) {
                type = "Bearer";
            }
            if (type.equalsIgnoreCase("basic")) {
                throw node.error("authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
            }
            auth = new HttpClientConfig.Authorization(type, str(a, "credentials", ""), str(a, "credentials_file", ""));
            if (!auth.credentials().isEmpty() && !auth.credentialsFile().isEmpty()) {
                throw node.error("at most one of authorization credentials & credentials_file must be configured");
            }
        } else if (!bearer.isEmpty() || !bearerFile.isEmpty()) {
            auth = new HttpClientConfig.Authorization("Bearer", bearer, bearerFile);
        }
        HttpClientConfig.TlsConfig tls = HttpClientConfig.TlsConfig.NONE;
        if (m.containsKey("tls_config") && !m.get("tls_config").isNull()) {
            Map<String, ConfigNode> t = m.get("tls_config").map("config.TLSConfig");
            rejectUnknown(t, Set.of("ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify", "min_version", "max_version"),
                    "config.TLSConfig");
            tls = new HttpClientConfig.TlsConfig(str(t, "ca_file", ""), str(t, "cert_file", ""), str(t, "key_file", ""),
                    str(t, "server_name", ""), bool(t, "insecure_skip_verify", false));
            if (!tls.certFile().isEmpty() && tls.keyFile().isEmpty()) {
                throw m.get("tls_config").error("client cert file " + GoQuote.quote(tls.certFile()) + " specified without client key file");
            }
            if (tls.certFile().isEmpty() && !tls.keyFile().isEmpty()) {
                throw m.get("tls_config").error("client key file " + GoQuote.quote(tls.keyFile()) + " specified without client cert file");
            }
        }
        return new HttpClientConfig(basic, auth, tls);
    }

    private static Map<String, List<String>> params(ConfigNode node) throws ConfigException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        for (Map.Entry<String, ConfigNode> e : node.map("url.Values").entrySet()) {
            List<String> values = new ArrayList<>();
            for (ConfigNode v : e.getValue().list("[]string")) {
                values.add(v.string());
            }
            out.put(e.getKey(), List.copyOf(values));
        }
        return out;
    }

    private static void rejectUnknown(Map<String, ConfigNode> m, Set<String> known, String type) throws ConfigException {
        for (Map.Entry<String, ConfigNode> e : m.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw e.getValue().error("field " + e.getKey() + " not found in type " + type);
            }
        }
    }

    private static ConfigNode at(Map<String, ConfigNode> m, String key, ConfigNode fallback) {
        return m.getOrDefault(key, fallback);
    }

    private static long orGlobal(long v, long global) {
        return v == 0 ? global : v;
    }

    private static String str(Map<String, ConfigNode> m, String key, String def) throws ConfigException {
        ConfigNode n = m.get(key);
        return n == null || n.isNull() ? def : n.string();
    }

    private static boolean bool(Map<String, ConfigNode> m, String key, boolean def) throws ConfigException {
        ConfigNode n = m.get(key);
        if (n == null || n.isNull()) {
            return def;
        }
        String s = n.string();
        return switch (s) {
            case "true", "True", "TRUE" -> true;
            case "false", "False", "FALSE" -> false;
            default -> throw n.error("cannot unmarshal !!str `" + s + "` into bool");
        };
    }

    private static long duration(Map<String, ConfigNode> m, String key, long def) throws ConfigException {
        ConfigNode n = m.get(key);
        if (n == null || n.isNull()) {
            return def;
        }
        try {
            return PromDuration.parseMillis(n.string());
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    private static long uint(Map<String, ConfigNode> m, String key, long def) throws ConfigException {
        ConfigNode n = m.get(key);
        return n == null || n.isNull() ? def : parseUint(n);
    }

    private static long parseUint(ConfigNode n) throws ConfigException {
        String s = n.string();
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw n.error("cannot unmarshal !!" + (s.startsWith("-") ? "int" : "str") + " `" + s + "` into uint");
        }
    }

    /** Sizes as Prometheus's base-2 units: {@code 10MB} and {@code 10MiB} are both 10×2^20 bytes. */
    private static long size(Map<String, ConfigNode> m, String key, long def) throws ConfigException {
        ConfigNode n = m.get(key);
        if (n == null || n.isNull()) {
            return def;
        }
        String s = n.string().trim();
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        String unit = s.substring(i);
        int shift = switch (unit) {
            case "", "B" -> 0;
            case "KB", "KiB" -> 10;
            case "MB", "MiB" -> 20;
            case "GB", "GiB" -> 30;
            case "TB", "TiB" -> 40;
            case "PB", "PiB" -> 50;
            case "EB", "EiB" -> 60;
            default -> -1;
        };
        if (i == 0 || shift < 0) {
            throw n.error("units: unknown unit " + unit + " in " + s);
        }
        return Long.parseLong(s.substring(0, i)) << shift;
    }
}
