package dev.narthex.engine.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Labels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rule file validation. The expected texts are what {@code promtool check rules} (3.5) printed for the
 * same files, except that group-level errors carry the group's real position where promtool 3.5
 * printed {@code 0:0} (current Prometheus prints the position too).
 */
class RuleFileParserTest {
    private static Path file(String name) throws Exception {
        return Path.of(RuleFileParserTest.class.getResource("/rulefmt/" + name).toURI());
    }

    private static List<String> errors(String name) throws Exception {
        Path f = file(name);
        RuleFileException e = assertThrows(RuleFileException.class, () -> RuleFileParser.parseFile(f));
        String prefix = f.toString();
        return e.errors().stream().map(s -> s.startsWith(prefix) ? "F" + s.substring(prefix.length()) : s).toList();
    }

    @Test
    void validationErrorsCarryFileLineAndRule() throws Exception {
        assertEquals(List.of(
                "F: 4:17: group \"a\", rule 1, \"job:up{x}\": braces present in the recording rule name; should it be in expr?: job:up{x}",
                "F: 7:17: 6:16: group \"a\", rule 2, \"Foo\": only one of 'record' and 'alert' must be set",
                "F: 10:15: group \"a\", rule 3, \"ok\": could not parse expression: 1:7: parse error: unclosed left parenthesis",
                "F: group \"a\", rule 4, \"Tmpl\": annotation \"desc\": template: __alert_Tmpl:1: function \"nosuchfunc\" not defined",
                "F: group \"a\", rule 4, \"Tmpl\": annotation \"summary\": template: __alert_Tmpl:1: unclosed action",
                "F: 16:17: group \"a\", rule 5, \"rec\": invalid field 'annotations' in recording rule",
                "F: 16:17: group \"a\", rule 5, \"rec\": invalid field 'for' in recording rule",
                "F: 0:0: 0:0: group \"a\", rule 6, \"\": one of 'record' or 'alert' must be set",
                "F: 22:5: groupname: \"a\" is repeated in the same file",
                "F: 26:5: Groupname must not be empty"), errors("bad1.yml"));
    }

    @Test
    void unknownFieldsAreYamlUnmarshalErrors() throws Exception {
        assertEquals(List.of("F: yaml: unmarshal errors:\n  line 4: field unknown_field not found in type rulefmt.RuleGroup\n"
                + "  line 8: field bogus not found in type rulefmt.Rule"), errors("bad2.yml"));
    }

    @Test
    void badDurationIsReportedTwiceAsPrometheusDoes() throws Exception {
        assertEquals(List.of("F: unknown unit \"x\" in duration \"5x\"", "F: unknown unit \"x\" in duration \"5x\""), errors("bad3.yml"));
    }

    @Test
    void syntaxErrorNamesTheFile() {
        RuleFileException e = assertThrows(RuleFileException.class, () -> RuleFileParser.parse("x.yml", "groups:\n  - name: a\n   rules: [\n"));
        assertTrue(e.errors().get(0).startsWith("x.yml: yaml: line "), e.errors().get(0));
    }

    @Test
    void validFileGivesGroupsWithDefaultsAndLabels() throws Exception {
        List<RuleGroupSpec> groups = RuleFileParser.parse("ok.yml", """
                groups:
                  - name: g
                    interval: 30s
                    query_offset: 1m
                    limit: 10
                    labels: {team: db}
                    rules:
                      - record: a:b
                        expr: sum(up)
                        labels: {drop: ""}
                      - alert: X
                        expr: up == 0
                        for: 5m
                        keep_firing_for: 1m
                        labels: {severity: page}
                        annotations: {summary: "{{ $value }}"}
                  - name: h
                    rules: []
                """);
        assertEquals(2, groups.size());
        RuleGroupSpec g = groups.get(0);
        assertEquals(30_000, g.intervalMs());
        assertEquals(60_000L, g.queryOffsetMs());
        assertEquals(10, g.limit());
        assertEquals(Labels.of("team", "db"), g.labels());
        assertEquals(Map.of("drop", ""), g.rules().get(0).labels());
        RuleSpec x = g.rules().get(1);
        assertEquals("X", x.alert());
        assertEquals(300_000, x.forMs());
        assertEquals(60_000, x.keepFiringForMs());
        assertEquals(Labels.of("summary", "{{ $value }}"), x.annotations());
        assertEquals(0, groups.get(1).intervalMs());
        assertEquals(null, groups.get(1).queryOffsetMs());
    }

    @Test
    void undefinedTemplateVariableIsAParseError() {
        RuleFileException e = assertThrows(RuleFileException.class, () -> RuleFileParser.parse("rules-bad.yml", """
                groups:
                  - name: alerts
                    rules:
                      - alert: InstanceDown
                        expr: up == 0
                        annotations:
                          summary: "Instance {{ $label.instance }} down"
                """));
        assertEquals(List.of("rules-bad.yml: group \"alerts\", rule 1, \"InstanceDown\": annotation \"summary\": "
                + "template: __alert_InstanceDown:1: undefined variable \"$label\""), e.errors());
    }

    @Test
    void duplicateRulesAreReportedAsPromtoolLintsThem() throws Exception {
        List<RuleGroupSpec> groups = RuleFileParser.parse("d.yml", """
                groups:
                  - name: a
                    labels: {team: x}
                    rules:
                      - record: r
                        expr: up
                      - alert: HighLatency
                        expr: up
                        labels: {severity: page}
                  - name: b
                    rules:
                      - record: r
                        expr: up
                        labels: {team: x}
                      - alert: HighLatency
                        expr: down
                        labels: {severity: page, team: x}
                      - record: unique
                        expr: up
                """);
        List<RuleLint.Duplicate> d = RuleLint.duplicates(groups);
        assertEquals(List.of(new RuleLint.Duplicate("HighLatency", Labels.of("severity", "page", "team", "x")),
                new RuleLint.Duplicate("r", Labels.of("team", "x"))), d);
        assertEquals("2 duplicate rule(s) found.\nMetric: HighLatency\nLabel(s):\n\tseverity: page\n\tteam: x\nMetric: r\nLabel(s):\n\tteam: x\n"
                + "Might cause inconsistency while recording expressions", RuleLint.message(d));
    }
}
