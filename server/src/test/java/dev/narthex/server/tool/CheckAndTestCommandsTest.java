package dev.narthex.server.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckAndTestCommandsTest {
    private static final String GOOD_RULES = """
            groups:
              - name: g
                rules:
                  - record: job:up:sum
                    expr: sum by (job) (up)
                  - alert: Down
                    expr: up == 0
                    for: 1m
            """;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return NarthexTool.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path write(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void checkRulesCountsRules() throws Exception {
        Path f = write("rules.yml", GOOD_RULES);
        assertEquals(0, run("check", "rules", f.toString()));
        assertEquals("Checking " + f + "\n  SUCCESS: 2 rules found\n\n", out());
        assertEquals("", err());
    }

    @Test
    void checkRulesReportsParseErrorsAndExitsOne() throws Exception {
        Path f = write("bad.yml", """
                groups:
                  - name: g
                    rules:
                      - record: job:up:sum
                        expr: sum by (job) (up
                """);
        Path good = write("good.yml", GOOD_RULES);
        assertEquals(1, run("check", "rules", f.toString(), good.toString()));
        assertEquals("Checking " + f + "\n\nChecking " + good + "\n  SUCCESS: 2 rules found\n\n", out());
        assertTrue(err().startsWith("  FAILED:\n" + f + ": 5:15: group \"g\", rule 1, \"job:up:sum\": could not parse expression: "),
                err());
    }

    @Test
    void duplicateRulesAreALintThatDoesNotFail() throws Exception {
        Path f = write("dup.yml", """
                groups:
                  - name: g
                    rules:
                      - record: a
                        expr: "1"
                      - record: a
                        expr: "2"
                """);
        assertEquals(0, run("check", "rules", f.toString()));
        assertEquals("Checking " + f + "\n\n", out());
        assertEquals("  FAILED:\nlint error 1 duplicate rule(s) found.\nMetric: a\nLabel(s):\n"
                + "Might cause inconsistency while recording expressions\n", err());
    }

    @Test
    void checkConfigChecksTheRuleFilesItReferences() throws Exception {
        Path rules = write("rules.yml", GOOD_RULES);
        Path cfg = write("prometheus.yml", """
                global:
                  evaluation_interval: 30s
                rule_files:
                  - rules.yml
                  - "missing-*.yml"
                """);
        assertEquals(0, run("check", "config", cfg.toString()));
        assertEquals("Checking " + cfg + "\n  WARNING: file \"" + tmp.resolve("missing-*.yml") + "\" for rule_files does not exist\n"
                + "  SUCCESS: 1 rule files found\n SUCCESS: " + cfg + " is valid prometheus config file syntax\n\n"
                + "Checking " + rules + "\n  SUCCESS: 2 rules found\n\n", out());
        assertEquals("", err());
    }

    @Test
    void checkConfigFailsOnABadConfigOrABadRuleFile() throws Exception {
        Path cfg = write("prometheus.yml", "global:\n  scrape_interval: 1m\n  bogus: 1\n");
        assertEquals(1, run("check", "config", cfg.toString()));
        assertEquals("Checking " + cfg + "\n\n", out());
        assertEquals("  FAILED: parsing YAML file " + cfg + ": yaml: unmarshal errors:\n"
                + "  line 3: field bogus not found in type config.plain\n", err());

        out.reset();
        err.reset();
        write("r.yml", "groups:\n  - name: g\n    rules:\n      - record: x\n");
        Path cfg2 = write("p2.yml", "rule_files: [r.yml]\n");
        assertEquals(1, run("check", "config", cfg2.toString()));
        assertTrue(out().contains(" SUCCESS: " + cfg2 + " is valid prometheus config file syntax\n"), out());
        assertTrue(err().startsWith("  FAILED:\n"), err());
    }

    @Test
    void testRulesRunsUnitTestsWithPromtoolExitCodes() throws Exception {
        write("rules.yml", GOOD_RULES);
        Path pass = write("pass.yml", """
                rule_files: [rules.yml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'up{job="a", instance="i"}'
                        values: '0 0 0'
                    alert_rule_test:
                      - eval_time: 2m
                        alertname: Down
                        exp_alerts:
                          - exp_labels: {job: a, instance: i}
                """);
        assertEquals(0, run("test", "rules", pass.toString()));
        assertEquals("  SUCCESS\n\n", out());

        out.reset();
        Path fail = write("fail.yml", Files.readString(pass).replace("exp_labels: {job: a, instance: i}", "exp_labels: {job: b, instance: i}"));
        assertEquals(1, run("test", "rules", fail.toString()));
        assertTrue(err().startsWith("  FAILED:\n    alertname: Down, time: 2m,"), err());
    }

    @Test
    void missingArgumentsAreUsageErrors() {
        assertEquals(1, run("check", "rules"));
        assertEquals(1, run("check"));
        assertEquals(1, run("test", "rules"));
    }
}
