package dev.narthex.engine.rules;

import dev.narthex.engine.template.Expander;
import dev.narthex.engine.template.Template;
import dev.narthex.engine.template.TemplateException;
import dev.narthex.engine.yaml.YamlSyntaxException;
import dev.narthex.engine.yaml.YamlTree;
import dev.narthex.promql.parse.PromqlParser;
import dev.narthex.storage.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads Prometheus rule files and validates them as {@code model/rulefmt} does: strict fields, unique
 * group names, one of record/alert, parseable expressions and templates, valid names. Every error is
 * reported as {@code FILE: LINE:COL: group "g", rule N, "name": problem}. Stateless and thread-safe.
 */
public final class RuleFileParser {
    private static final Set<String> GROUPS_FIELDS = Set.of("groups");
    private static final Set<String> GROUP_FIELDS = Set.of("name", "interval", "query_offset", "limit", "rules", "labels");
    private static final Set<String> RULE_FIELDS = Set.of("record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations");

    private RuleFileParser() {
    }

    /** Reads and validates a file. */
    public static List<RuleGroupSpec> parseFile(Path file) throws RuleFileException {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuleFileException(List.of(file + ": open " + file + ": " + describe(e)));
        }
        return parse(file.toString(), content);
    }

    private static String describe(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file or directory" : String.valueOf(e.getMessage());
    }

    /** Validates {@code content} as the rule file {@code file} (the name prefixes every error). */
    public static List<RuleGroupSpec> parse(String file, String content) throws RuleFileException {
        List<String> errs = new ArrayList<>();
        List<RuleGroupSpec> groups = new ArrayList<>();
        YamlTree root;
        try {
            root = YamlTree.parse(content);
        } catch (YamlSyntaxException e) {
            // Prometheus decodes the file twice (groups, then positions), so a syntax error shows twice
            throw new RuleFileException(List.of(file + ": " + e.getMessage(), file + ": " + e.getMessage()));
        }
        if (root == null) {
            return groups;
        }
        List<String> decode = new ArrayList<>();
        List<String> validation = new ArrayList<>();
        Map<String, YamlTree> top = root.fields(decode, "rulefmt.RuleGroups", GROUPS_FIELDS);
        Set<String> names = new HashSet<>();
        if (top.containsKey("groups")) {
            for (YamlTree g : top.get("groups").seq(decode, "[]rulefmt.RuleGroup")) {
                RuleGroupSpec spec = group(file, g, decode, validation, names);
                if (spec != null) {
                    groups.add(spec);
                }
            }
        }
        if (!decode.isEmpty()) {
            List<String> typeErrors = decode.stream().filter(d -> d.startsWith("line ")).toList();
            List<String> valueErrors = decode.stream().filter(d -> !d.startsWith("line ")).toList();
            if (!valueErrors.isEmpty()) {
                // a bad value fails both of Prometheus's decodes
                errs.add(file + ": " + valueErrors.get(0));
                errs.add(file + ": " + valueErrors.get(0));
            } else {
                errs.add(file + ": yaml: unmarshal errors:\n  " + String.join("\n  ", typeErrors));
            }
        } else {
            for (String v : validation) {
                errs.add(file + ": " + v);
            }
        }
        if (!errs.isEmpty()) {
            throw new RuleFileException(errs);
        }
        return groups;
    }

    private static RuleGroupSpec group(String file, YamlTree g, List<String> decode, List<String> validation, Set<String> names) {
        Map<String, YamlTree> f = g.fields(decode, "rulefmt.RuleGroup", GROUP_FIELDS);
        String name = f.containsKey("name") ? f.get("name").str(decode, "string") : "";
        if (name == null) {
            name = "";
        }
        long interval = YamlTree.durationMillis(f.get("interval"), decode);
        Long queryOffset = f.containsKey("query_offset") ? YamlTree.durationMillis(f.get("query_offset"), decode) : null;
        int limit = 0;
        if (f.containsKey("limit")) {
            String l = f.get("limit").str(decode, "int");
            try {
                limit = l == null || l.isEmpty() ? 0 : Integer.parseInt(l);
            } catch (NumberFormatException e) {
                decode.add("line " + f.get("limit").line() + ": cannot unmarshal !!str `" + l + "` into int");
            }
        }
        Map<String, String> groupLabels = f.containsKey("labels") ? f.get("labels").stringMap(decode) : Map.of();
        if (name.isEmpty()) {
            validation.add(g.line() + ":" + g.column() + ": Groupname must not be empty");
        }
        if (!names.add(name)) {
            validation.add(g.line() + ":" + g.column() + ": groupname: \"" + name + "\" is repeated in the same file");
        }
        for (Map.Entry<String, String> e : new TreeMap<>(groupLabels).entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().equals(Labels.METRIC_NAME)) {
                validation.add("invalid label name: " + e.getKey());
            }
        }
        List<RuleSpec> rules = new ArrayList<>();
        if (f.containsKey("rules")) {
            int i = 0;
            for (YamlTree r : f.get("rules").seq(decode, "[]rulefmt.Rule")) {
                i++;
                RuleSpec spec = rule(name, i, r, decode, validation);
                if (spec != null) {
                    rules.add(spec);
                }
            }
        }
        return new RuleGroupSpec(file, name, interval, queryOffset, limit, Labels.of(groupLabels), rules);
    }

    private static RuleSpec rule(String group, int index, YamlTree r, List<String> decode, List<String> validation) {
        Map<String, YamlTree> f = r.fields(decode, "rulefmt.Rule", RULE_FIELDS);
        YamlTree recordNode = f.get("record");
        YamlTree alertNode = f.get("alert");
        YamlTree exprNode = f.get("expr");
        String record = recordNode == null ? "" : recordNode.str(decode, "string");
        String alert = alertNode == null ? "" : alertNode.str(decode, "string");
        String expr = exprNode == null ? "" : exprNode.str(decode, "string");
        long forMs = YamlTree.durationMillis(f.get("for"), decode);
        long keepFiring = YamlTree.durationMillis(f.get("keep_firing_for"), decode);
        Map<String, String> labels = f.containsKey("labels") ? f.get("labels").stringMap(decode) : Map.of();
        Map<String, String> annotations = f.containsKey("annotations") ? f.get("annotations").stringMap(decode) : Map.of();
        if (record == null || alert == null || expr == null) {
            return null;
        }
        String ruleName = alert.isEmpty() ? record : alert;
        String prefix = "group \"" + group + "\", rule " + index + ", \"" + ruleName + "\": ";
        String recPos = pos(recordNode);
        String bothPos = pos(recordNode) + pos(alertNode);
        List<String> problems = new ArrayList<>();
        if (!record.isEmpty() && !alert.isEmpty()) {
            problems.add(bothPos + prefix + "only one of 'record' and 'alert' must be set");
        }
        if (record.isEmpty() && alert.isEmpty()) {
            problems.add(bothPos + prefix + "one of 'record' or 'alert' must be set");
        }
        if (expr.isEmpty()) {
            problems.add(pos(exprNode) + prefix + "field 'expr' must be set in rule");
        } else {
            try {
                PromqlParser.parseExpr(expr);
            } catch (RuntimeException e) {
                problems.add(pos(exprNode) + prefix + "could not parse expression: " + e.getMessage());
            }
        }
        if (!record.isEmpty()) {
            if (!annotations.isEmpty()) {
                problems.add(recPos + prefix + "invalid field 'annotations' in recording rule");
            }
            if (forMs != 0) {
                problems.add(recPos + prefix + "invalid field 'for' in recording rule");
            }
            if (keepFiring != 0) {
                problems.add(recPos + prefix + "invalid field 'keep_firing_for' in recording rule");
            }
            if (record.contains("{") || record.contains("}")) {
                problems.add(recPos + prefix + "braces present in the recording rule name; should it be in expr?: " + record);
            }
        }
        for (String k : new TreeMap<>(labels).keySet()) {
            if (k.isEmpty() || k.equals(Labels.METRIC_NAME)) {
                problems.add(prefix + "invalid label name: " + k);
            }
        }
        for (String k : new TreeMap<>(annotations).keySet()) {
            if (k.isEmpty()) {
                problems.add(prefix + "invalid annotation name: " + k);
            }
        }
        if (!alert.isEmpty()) {
            for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
                String err = templateError(alert, e.getValue());
                if (err != null) {
                    problems.add(prefix + "label \"" + e.getKey() + "\": " + err);
                }
            }
            for (Map.Entry<String, String> e : new TreeMap<>(annotations).entrySet()) {
                String err = templateError(alert, e.getValue());
                if (err != null) {
                    problems.add(prefix + "annotation \"" + e.getKey() + "\": " + err);
                }
            }
        }
        validation.addAll(problems);
        return new RuleSpec(record.isEmpty() ? null : record, alert.isEmpty() ? null : alert, expr, forMs, keepFiring,
                new TreeMap<>(labels), Labels.of(annotations));
    }

    private static String templateError(String alert, String text) {
        try {
            Template.parse("__alert_" + alert, Expander.ALERT_DEFS + text, Expander.FUNCTION_NAMES);
            return null;
        } catch (TemplateException e) {
            return e.getMessage();
        }
    }

    /** Go's position prefix of a node, {@code 0:0: } for an absent one. */
    private static String pos(YamlTree n) {
        return n == null ? "0:0: " : n.line() + ":" + n.column() + ": ";
    }
}
