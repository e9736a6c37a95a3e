package dev.narthex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.server.api.QueryService;
import dev.narthex.server.config.ConfigParser;
import dev.narthex.storage.Appendable;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Queryable;
import dev.narthex.storage.tsdb.Tsdb;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Alertmanager on loopback receives a rule's alert from the server's rules and notifier, then its resolution. */
@Tag("integration")
class AlertmanagerIntegrationTest {
    private static final Path BINARY = Path.of(System.getProperty("user.home"), ".cache/narthex-peers/bin/prometheus-alertmanager");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void alertFiresAndResolvesInAlertmanager() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BINARY), "no Alertmanager binary at " + BINARY);
        int port = freePort();
        Files.writeString(dir.resolve("am.yml"), """
                route:
                  receiver: "null"
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: "null"
                """);
        String amCommand = BINARY + " --config.file=" + dir.resolve("am.yml") + " --storage.path=" + dir.resolve("am-data")
                + " --web.listen-address=127.0.0.1:" + port + " --cluster.listen-address=";
        Process am = new ProcessBuilder("sh", "-c", launcher(amCommand))
                .redirectErrorStream(true).redirectOutput(dir.resolve("am.log").toFile()).start();
        try {
            String amBase = "http://127.0.0.1:" + port;
            await(() -> get(amBase + "/-/ready"), body -> body != null, "Alertmanager ready");
            Files.writeString(dir.resolve("rules.yml"), """
                    groups:
                      - name: g
                        rules:
                          - alert: InstanceDown
                            expr: up == 0
                            labels:
                              severity: page
                            annotations:
                              summary: "{{ $labels.job }} is down"
                    """);
            String cfg = "global:\n  evaluation_interval: 1s\n  external_labels: {dc: eu}\nrule_files: [rules.yml]\n"
                    + "alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['127.0.0.1:" + port + "']\n";
            try (Tsdb tsdb = Tsdb.inMemory();
                 RulesService rules = new RulesService(dir, ServerFlags.parse().flags(), backend(tsdb), ConfigParser.parse(cfg, "p.yml"),
                         "http://narthex:9090", System::currentTimeMillis)) {
                append(tsdb, 0);
                String firing = await(() -> get(amBase + "/api/v2/alerts"), body -> body.contains("InstanceDown"), "alert in Alertmanager");
                assertTrue(firing.contains("\"alertname\":\"InstanceDown\""), firing);
                assertTrue(firing.contains("\"severity\":\"page\""), firing);
                assertTrue(firing.contains("\"dc\":\"eu\""), firing);
                assertTrue(firing.contains("\"job\":\"node\""), firing);
                assertTrue(firing.contains("\"summary\":\"node is down\""), firing);
                assertTrue(firing.contains("\"state\":\"active\""), firing);
                assertTrue(firing.contains("\"generatorURL\":\"http://narthex:9090/graph?g0.expr="), firing);

                append(tsdb, 1);
                // a resolved alert (endsAt in the past) is no longer listed as active
                String resolved = await(() -> get(amBase + "/api/v2/alerts"), body -> !body.contains("InstanceDown"), "alert resolved");
                assertEquals("[]", resolved.strip());
            }
        } finally {
            am.destroy();
            am.waitFor();
        }
    }

    /**
     * Debian's Alertmanager reads its default template from /usr/share/prometheus/alertmanager; when the
     * binary was unpacked elsewhere, its share directory is bind-mounted there in a private mount namespace.
     */
    private static String launcher(String amCommand) throws IOException, InterruptedException {
        Path system = Path.of("/usr/share/prometheus/alertmanager/default.tmpl");
        Path unpacked = BINARY.toRealPath().getParent().getParent().resolve("share");
        if (Files.exists(system)) {
            return "exec " + amCommand;
        }
        Assumptions.assumeTrue(Files.exists(unpacked.resolve("prometheus/alertmanager/default.tmpl")), "no Alertmanager templates");
        Process probe = new ProcessBuilder("unshare", "-m", "true").start();
        Assumptions.assumeTrue(probe.waitFor() == 0, "Alertmanager templates not installed and no mount namespace available");
        return "exec unshare -m sh -c 'mount --bind " + unpacked + " /usr/share && exec " + amCommand + "'";
    }

    private static void append(Tsdb tsdb, double v) {
        Appender app = tsdb.appender();
        app.append(0, Labels.of("__name__", "up", "job", "node", "instance", "n:9100"), System.currentTimeMillis(), v);
        app.commit();
    }

    private interface Fetch {
        String get() throws Exception;
    }

    private static String await(Fetch fetch, Predicate<String> done, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        String last = null;
        while (System.currentTimeMillis() < deadline) {
            last = fetch.get();
            if (last != null && done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; last answer: " + last);
    }

    private String get(String url) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

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
}
