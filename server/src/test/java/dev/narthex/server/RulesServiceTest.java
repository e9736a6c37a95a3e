package dev.narthex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.engine.rules.RuleSnapshot;
import dev.narthex.server.api.QueryService;
import dev.narthex.server.config.ConfigParser;
import dev.narthex.storage.Appendable;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.Queryable;
import dev.narthex.storage.tsdb.Tsdb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesServiceTest {
    @TempDir
    Path dir;

    private static Backend backend(Tsdb tsdb) {
        return new Backend() {
            @Override
            public Queryable queryable() {
                return tsdb;
            }

            @Override
            public Appendable appendable() {
                return tsdb;
            }

            @Override
            public QueryService queries() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
                tsdb.close();
            }
        };
    }

    @Test
    void evaluatesRuleFilesRelativeToTheConfigAndKeepsThemOnABadReload() throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/a.yml"), """
                groups:
                  - name: g
                    rules:
                      - record: job:up:sum
                        expr: sum by (job) (up)
                      - alert: Down
                        expr: up == 0
                        for: 1m
                        annotations:
                          summary: "{{ $labels.job }} is down"
                """);
        String cfg = "global:\n  evaluation_interval: 1s\n  external_labels: {dc: x}\nrule_files: ['rules/*.yml']\n";
        ServerFlags flags = ServerFlags.parse("--web.listen-address=127.0.0.1:0").flags();
        try (Tsdb tsdb = Tsdb.inMemory()) {
            long now = System.currentTimeMillis();
            Appender app = tsdb.appender();
            app.append(0, Labels.of("__name__", "up", "job", "a"), now, 0);
            app.commit();
            try (RulesService rules = new RulesService(dir, flags, backend(tsdb), ConfigParser.parse(cfg, "p.yml"), "http://x:9090",
                    System::currentTimeMillis)) {
                RuleSnapshot.RuleView alerting = awaitEvaluated(rules);
                assertEquals("pending", alerting.state());
                assertEquals("a is down", alerting.alerts().get(0).annotations().get("summary"));
                assertEquals(dir.resolve("rules/a.yml").toString(), rules.groups().get(0).file());
                try (Querier q = tsdb.querier(now - 60_000, now + 60_000)) {
                    assertEquals(Labels.of("__name__", "job:up:sum", "job", "a"),
                            q.select(List.of(Matcher.equal("__name__", "job:up:sum"))).get(0).labels());
                }

                Files.writeString(dir.resolve("rules/b.yml"), "groups:\n  - name: bad\n    rules:\n      - record: x\n");
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> rules.apply(ConfigParser.parse(cfg, "p.yml")));
                assertTrue(e.getMessage().startsWith("error loading rules: " + dir.resolve("rules/b.yml")), e.getMessage());
                assertEquals(1, rules.groups().size());

                StringBuilder metrics = new StringBuilder();
                rules.collect(metrics);
                String key = dir.resolve("rules/a.yml") + ";g";
                assertTrue(metrics.toString().contains("prometheus_rule_group_rules{rule_group=\"" + key + "\"} 2\n"), metrics.toString());
                assertTrue(metrics.toString().contains("prometheus_notifications_alertmanagers_discovered 0\n"), metrics.toString());
                assertTrue(metrics.toString().contains("prometheus_rule_evaluation_failures_total{rule_group=\"" + key + "\"} 0\n"),
                        metrics.toString());
                java.util.regex.Matcher evals = Pattern.compile("prometheus_rule_evaluations_total\\{[^}]*\\} (\\d+)\n")
                        .matcher(metrics);
                assertTrue(evals.find(), metrics.toString());
                long n = Long.parseLong(evals.group(1));
                assertTrue(n >= 2, "both rules evaluated at least once: " + n);
                assertTrue(Pattern.compile("prometheus_rule_group_duration_seconds_count [1-9]\\d*\n").matcher(metrics).find(), metrics.toString());
            }
        }
    }

    @Test
    void alertmanagersComeFromTheAlertingSection() throws Exception {
        String cfg = "alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['127.0.0.1:9093']\n";
        ServerFlags flags = ServerFlags.parse("--web.listen-address=127.0.0.1:0").flags();
        try (Tsdb tsdb = Tsdb.inMemory();
             RulesService rules = new RulesService(dir, flags, backend(tsdb), ConfigParser.parse(cfg, "p.yml"), "http://x:9090",
                     System::currentTimeMillis)) {
            assertEquals(List.of("http://127.0.0.1:9093/api/v2/alerts"), rules.alertmanagers());
        }
    }

    private static RuleSnapshot.RuleView awaitEvaluated(RulesService rules) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            List<RuleSnapshot.Group> groups = rules.groups();
            if (!groups.isEmpty() && groups.get(0).lastEvaluationMs() != 0) {
                return groups.get(0).rules().get(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("rules were not evaluated within 10s");
    }
}
