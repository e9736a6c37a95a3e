package dev.narthex.engine.notify;

import dev.narthex.engine.yaml.YamlTree;
import dev.narthex.storage.text.PromDuration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code alerting} section of a Prometheus configuration: global {@code alert_relabel_configs} and
 * {@code alertmanagers} with static targets. Problems are collected as go-yaml-style texts.
 */
public record AlertingConfig(AlertRelabeler relabel, List<AlertmanagerConfig> alertmanagers) {
    private static final Set<String> ALERTING_FIELDS = Set.of("alert_relabel_configs", "alertmanagers");
    private static final Set<String> AM_FIELDS = Set.of("static_configs", "scheme", "path_prefix", "timeout", "api_version",
            "alert_relabel_configs", "relabel_configs", "follow_redirects", "enable_http2");
    private static final Set<String> STATIC_FIELDS = Set.of("targets", "labels");
    private static final Set<String> RELABEL_FIELDS = Set.of("source_labels", "separator", "regex", "target_label", "replacement", "action", "modulus");

    public static final AlertingConfig NONE = new AlertingConfig(AlertRelabeler.NONE, List.of());

    /** Reads an {@code alerting:} mapping node. */
    public static AlertingConfig parse(YamlTree node, List<String> errs) {
        if (node == null) {
            return NONE;
        }
        Map<String, YamlTree> f = node.fields(errs, "config.AlertingConfig", ALERTING_FIELDS);
        AlertRelabeler global = relabel(f.get("alert_relabel_configs"), errs);
        List<AlertmanagerConfig> ams = new ArrayList<>();
        if (f.containsKey("alertmanagers")) {
            for (YamlTree am : f.get("alertmanagers").seq(errs, "[]*config.AlertmanagerConfig")) {
                Map<String, YamlTree> af = am.fields(errs, "config.AlertmanagerConfig", AM_FIELDS);
                List<String> targets = new ArrayList<>();
                if (af.containsKey("static_configs")) {
                    for (YamlTree sc : af.get("static_configs").seq(errs, "discovery.StaticConfig")) {
                        Map<String, YamlTree> sf = sc.fields(errs, "targetgroup.Group", STATIC_FIELDS);
                        if (sf.containsKey("targets")) {
                            for (YamlTree t : sf.get("targets").seq(errs, "[]string")) {
                                targets.add(t.str(errs, "string"));
                            }
                        }
                    }
                }
                String scheme = str(af.get("scheme"), errs, "http");
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    errs.add("unknown scheme " + scheme + ", expected one of [http https]");
                }
                long timeout = 10_000;
                if (af.containsKey("timeout")) {
                    try {
                        timeout = PromDuration.parseMillis(str(af.get("timeout"), errs, "10s"));
                    } catch (IllegalArgumentException e) {
                        errs.add(e.getMessage());
                    }
                }
                String api = str(af.get("api_version"), errs, "v2");
                if (!api.equals("v2")) {
                    errs.add("expected Alertmanager api version to be one of [v2] but got " + api);
                }
                ams.add(new AlertmanagerConfig(scheme, str(af.get("path_prefix"), errs, ""), timeout, api, targets,
                        relabel(af.get("alert_relabel_configs"), errs)));
            }
        }
        return new AlertingConfig(global, ams);
    }

    private static String str(YamlTree n, List<String> errs, String dflt) {
        if (n == null) {
            return dflt;
        }
        String s = n.str(errs, "string");
        return s == null || s.isEmpty() ? dflt : s;
    }

    private static AlertRelabeler relabel(YamlTree n, List<String> errs) {
        if (n == null) {
            return AlertRelabeler.NONE;
        }
        List<RelabelRules.Rule> rules = new ArrayList<>();
        for (YamlTree r : n.seq(errs, "[]*relabel.Config")) {
            Map<String, YamlTree> f = r.fields(errs, "relabel.Config", RELABEL_FIELDS);
            List<String> sources = new ArrayList<>();
            if (f.containsKey("source_labels")) {
                for (YamlTree s : f.get("source_labels").seq(errs, "model.LabelNames")) {
                    sources.add(s.str(errs, "string"));
                }
            }
            rules.add(RelabelRules.Rule.of(f.containsKey("action") ? f.get("action").str(errs, "string").toLowerCase() : null, sources,
                    f.containsKey("separator") ? f.get("separator").str(errs, "string") : null,
                    f.containsKey("regex") ? f.get("regex").str(errs, "string") : null,
                    f.containsKey("target_label") ? f.get("target_label").str(errs, "string") : null,
                    f.containsKey("replacement") ? f.get("replacement").str(errs, "string") : null));
        }
        try {
            return new RelabelRules(rules);
        } catch (RuntimeException e) {
            errs.add(e.getMessage());
            return AlertRelabeler.NONE;
        }
    }
}
