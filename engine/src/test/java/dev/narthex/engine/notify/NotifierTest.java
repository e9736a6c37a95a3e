package dev.narthex.engine.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.narthex.engine.rules.Alert;
import dev.narthex.engine.rules.AlertState;
import dev.narthex.engine.yaml.YamlTree;
import dev.narthex.storage.Labels;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotifierTest {
    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final CountDownLatch firstRequest = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            firstRequest.countDown();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            paths.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " " + ex.getRequestHeaders().getFirst("Content-Type"));
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(status.get(), -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private AlertingConfig config(String yaml) throws Exception {
        List<String> errs = new ArrayList<>();
        AlertingConfig c = AlertingConfig.parse(YamlTree.parse(yaml), errs);
        assertEquals(List.of(), errs);
        return c;
    }

    private static Alert firing(String job, long activeAt, long firedAt, long validUntil) {
        return new Alert(Labels.of("alertname", "Down", "job", job), Labels.of("summary", "job " + job + " down"), AlertState.FIRING, 0,
                activeAt, firedAt, 0, firedAt, validUntil, 0);
    }

    @Test
    void postsV2PayloadWithExternalLabelsAndRelabeling() throws Exception {
        AlertingConfig c = config("""
                alert_relabel_configs:
                  - source_labels: [job]
                    regex: secret
                    action: drop
                alertmanagers:
                  - path_prefix: /am
                    timeout: 5s
                    static_configs:
                      - targets: ['%s']
                    alert_relabel_configs:
                      - target_label: via
                        replacement: set-$1
                """.formatted(target()));
        try (Notifier n = new Notifier(Notifier.DEFAULT_QUEUE_CAPACITY)) {
            n.applyConfig(Labels.of("cluster", "eu1", "job", "ignored"), c.relabel(), c.alertmanagers());
            Alert resolved = new Alert(Labels.of("alertname", "Down", "job", "b"), Labels.EMPTY, AlertState.INACTIVE, 0, 0, 60_000,
                    300_500, 60_000, 0, 0);
            n.notifyFunction("http://prom:9090").send("up == 0", List.of(firing("a", 0, 60_000, 300_000), resolved, firing("secret", 0, 1, 2)));
            n.flush();
            assertEquals(List.of("POST /am/api/v2/alerts application/json"), paths);
            assertEquals("[{\"annotations\":{\"summary\":\"job a down\"},\"endsAt\":\"1970-01-01T00:05:00.000Z\","
                    + "\"startsAt\":\"1970-01-01T00:01:00.000Z\",\"generatorURL\":\"http://prom:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1\","
                    + "\"labels\":{\"alertname\":\"Down\",\"cluster\":\"eu1\",\"job\":\"a\",\"via\":\"set-\"}},"
                    + "{\"endsAt\":\"1970-01-01T00:05:00.500Z\",\"startsAt\":\"1970-01-01T00:01:00.000Z\","
                    + "\"generatorURL\":\"http://prom:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1\","
                    + "\"labels\":{\"alertname\":\"Down\",\"cluster\":\"eu1\",\"job\":\"b\",\"via\":\"set-\"}}]", bodies.get(0));
            Notifier.Metrics m = n.metrics().get(0);
            assertEquals("http://" + target() + "/am/api/v2/alerts", m.alertmanager());
            assertEquals(2, m.sent());
            assertEquals(0, m.errors());
            assertEquals(0, m.dropped());
            assertEquals(0, m.queueLength());
        }
    }

    @Test
    void alertRelabelingSupportsLabelmapAndHashmod() throws Exception {
        AlertingConfig c = config("""
                alert_relabel_configs:
                  - action: labelmap
                    regex: (job)
                    replacement: src_$1
                  - source_labels: [job]
                    modulus: 1000
                    target_label: shard
                    action: HashMod
                alertmanagers:
                  - static_configs:
                      - targets: ['%s']
                """.formatted(target()));
        try (Notifier n = new Notifier(Notifier.DEFAULT_QUEUE_CAPACITY)) {
            n.applyConfig(Labels.EMPTY, c.relabel(), c.alertmanagers());
            n.notifyFunction("").send("up == 0", List.of(firing("baz", 0, 60_000, 300_000)));
            n.flush();
            // md5("baz") % 1000 = 976, as in Prometheus's relabel_test.go.
            assertTrue(bodies.get(0).contains("\"labels\":{\"alertname\":\"Down\",\"job\":\"baz\",\"shard\":\"976\",\"src_job\":\"baz\"}"),
                    bodies.get(0));
        }
    }

    @Test
    void invalidAlertRelabelConfigsReportPrometheusErrors() throws Exception {
        List<String> errs = new ArrayList<>();
        AlertingConfig.parse(YamlTree.parse("""
                alert_relabel_configs:
                  - source_labels: [job]
                    target_label: shard
                    action: hashmod
                  - action: frob
                """), errs);
        assertEquals(List.of("relabel configuration for hashmod requires non-zero modulus", "unknown relabel action \"frob\""), errs);
    }

    @Test
    void failedSendsCountAsErrorsAndDrops() throws Exception {
        status.set(500);
        AlertingConfig c = config("alertmanagers:\n  - static_configs:\n      - targets: ['%s']\n".formatted(target()));
        try (Notifier n = new Notifier(10)) {
            n.applyConfig(Labels.EMPTY, c.relabel(), c.alertmanagers());
            n.notifyFunction("").send("x", List.of(firing("a", 0, 1, 2), firing("b", 0, 1, 2)));
            n.flush();
            Notifier.Metrics m = n.metrics().get(0);
            assertEquals(0, m.sent());
            assertEquals(2, m.errors());
            assertEquals(2, m.dropped());
        }
    }

    @Test
    void fullQueueDropsTheOldestAlerts() throws Exception {
        gate = new CountDownLatch(1);
        AlertingConfig c = config("alertmanagers:\n  - static_configs:\n      - targets: ['%s']\n".formatted(target()));
        try (Notifier n = new Notifier(3)) {
            n.applyConfig(Labels.EMPTY, c.relabel(), c.alertmanagers());
            n.notifyFunction("").send("x", List.of(firing("first", 0, 1, 2)));
            assertTrue(firstRequest.await(10, TimeUnit.SECONDS), "the sender took the first batch");
            List<Alert> many = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                many.add(firing("j" + i, 0, 1, 2));
            }
            n.notifyFunction("").send("x", many);
            Notifier.Metrics queued = n.metrics().get(0);
            assertEquals(3, queued.queueLength());
            assertEquals(3, queued.queueCapacity());
            assertEquals(2, queued.dropped());
            gate.countDown();
            n.flush();
            assertEquals(4, n.metrics().get(0).sent());
            String all = String.join("", bodies);
            assertTrue(all.contains("\"job\":\"j2\"") && all.contains("\"job\":\"j4\"") && !all.contains("\"job\":\"j1\""), all);
        }
    }
}
