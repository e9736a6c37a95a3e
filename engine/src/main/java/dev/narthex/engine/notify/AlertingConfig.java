package dev.narthex.engine.notify;

import dev.narthex.engine.yaml.YamlTree;
import dev.narthex.storage.relabel.Action;
import dev.narthex.storage.relabel.RelabelConfig;
import dev.narthex.storage.text.PromDuration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code alerting} section of a Prometheus configuration: global {@code alert_relabel_configs} and
 * {@code alertmanagers} with static targets. Relabeling rules are the shared, fully validated
 * {@link RelabelConfig}s (every Prometheus action). Problems are collected as go-yaml-style texts.
 */
public record AlertingConfig(List<RelabelConfig> relabel, List<AlertmanagerConfig> alertmanagers) {
    private static final Set<String> ALERTING_FIELDS = Set.of("alert_relabel_configs", "alertmanagers");
    private static final Set<String> AM_FIELDS = Set.of("static_configs", "scheme", "path_prefix", "timeout", "api_version",
            "alert_relabel_configs", "relabel_configs", "follow_redirects", "enable_http2");
    private static final Set<String> STATIC_FIELDS = Set.of("targets", "labels");
    private static final Set<String> RELABEL_FIELDS = Set.of("source_labels", "separator", "regex", "target_label", "replacement", "action", "modulus");

    public static final AlertingConfig NONE = new AlertingConfig(List.of(), List.of());

    /** Reads an {@code alerting:} mapping node. */
    public static AlertingConfig parse(YamlTree node, List<String> errs) {
        if (node == null) {
            return NONE;
        }
        Map<String, YamlTree> f = node.fields(errs, "config.AlertingConfig", ALERTING_FIELDS);
        List<RelabelConfig> global = relabel(f.get("alert_relabel_configs"), errs);
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

    private static List<RelabelConfig> relabel(YamlTree n, List<String> errs) {
        if (n == null) {
            return List.of();
        }
        List<RelabelConfig> rules = new ArrayList<>();
        for (YamlTree r : n.seq(errs, "[]*relabel.Config")) {
            if (r.isNull()) {
                errs.add("line " + r.line() + ": empty or null relabeling rule");
                continue;
            }
            RelabelConfig rule = relabelConfig(r, errs);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return List.copyOf(rules);
    }

    /** One rule, or null with the problem noted (Prometheus's validation texts come from {@link RelabelConfig}). */
    private static RelabelConfig relabelConfig(YamlTree r, List<String> errs) {
        Map<String, YamlTree> f = r.fields(errs, "relabel.Config", RELABEL_FIELDS);
        RelabelConfig.Builder b = RelabelConfig.builder();
        try {
            String action = optional(f.get("action"), errs);
            if (action != null) {
                if (action.isEmpty()) {
                    errs.add("relabel action cannot be empty");
                    return null;
                }
                b.action(Action.parse(action));
            }
            if (f.containsKey("source_labels")) {
                List<String> sources = new ArrayList<>();
                for (YamlTree s : f.get("source_labels").seq(errs, "model.LabelNames")) {
                    sources.add(s.str(errs, "string"));
                }
                b.sourceLabels(sources);
            }
            String separator = optional(f.get("separator"), errs);
            if (separator != null) {
                b.separator(separator);
            }
            String regex = optional(f.get("regex"), errs);
            if (regex != null) {
                b.regex(regex);
            }
            String modulus = optional(f.get("modulus"), errs);
            if (modulus != null) {
                try {
                    b.modulus(Long.parseUnsignedLong(modulus));
                } catch (NumberFormatException e) {
                    errs.add("line " + f.get("modulus").line() + ": cannot unmarshal !!" + (modulus.startsWith("-") ? "int" : "str")
                            + " `" + modulus + "` into uint64");
                    return null;
                }
            }
            String target = optional(f.get("target_label"), errs);
            if (target != null) {
                b.targetLabel(target);
            }
            String replacement = optional(f.get("replacement"), errs);
            if (replacement != null) {
                b.replacement(replacement);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            errs.add(e.getMessage());
            return null;
        }
    }

    private static String optional(YamlTree n, List<String> errs) {
        return n == null ? null : n.str(errs, "string");
    }
}
