package dev.narthex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.narthex.server.config.ConfigHolder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue acceptance: Narthex and Prometheus 3.5 scrape the same node_exporter with the same configuration
 * and store the same series; both report {@code up} 1, and after the exporter stops, {@code up} 0 and stale
 * series. Skipped when the peer binaries (installed by {@code /work/shared/compat/install_peers.sh}) are missing.
 */
@Tag("integration")
class NodeExporterScrapeTest {
    private static final Path PEERS = Path.of(System.getProperty("user.home"), ".cache", "narthex-peers", "bin");
    private static final String CONFIG = """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: node
                static_configs:
                  - targets: ["127.0.0.1:%d"]
            """;

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private NarthexServer narthex;
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (narthex != null) {
            narthex.close();
        }
        for (Process p : processes) {
            p.destroyForcibly();
        }
    }

    @Test
    void sameSeriesUpAndStalenessAsPrometheus() throws Exception {
        Path exporterBin = PEERS.resolve("prometheus-node-exporter");
        Path prometheusBin = PEERS.resolve("prometheus");
        assumeTrue(Files.isExecutable(exporterBin) && Files.isExecutable(prometheusBin), "peer binaries installed");

        int exporterPort = freePort();
        Process exporter = start(exporterBin.toString(), "--web.listen-address=127.0.0.1:" + exporterPort);
        awaitHttp("http://127.0.0.1:" + exporterPort + "/metrics");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, CONFIG.formatted(exporterPort));

        int promPort = freePort();
        start(prometheusBin.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("prom"),
                "--web.listen-address=127.0.0.1:" + promPort);
        ServerFlags flags = ServerFlags.parse("--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("narthex"),
                "--web.listen-address=127.0.0.1:0", "--query.warmup=0s").flags();
        ConfigHolder holder = ConfigHolder.fromFile(config);
        narthex = new NarthexServer(flags, holder, EngineBackend.open(flags, holder));
        String narthexUrl = "http://127.0.0.1:" + narthex.start().getPort();
        String promUrl = "http://127.0.0.1:" + promPort;
        awaitHttp(promUrl + "/-/ready");

        // Three scrapes in each.
        awaitValue(narthexUrl, "count_over_time(up{job=\"node\"}[1m])", v -> v >= 3, 15_000);
        awaitValue(promUrl, "count_over_time(up{job=\"node\"}[1m])", v -> v >= 3, 15_000);
        assertEquals(1.0, value(narthexUrl, "up{job=\"node\"}"));
        assertEquals(1.0, value(promUrl, "up{job=\"node\"}"));

        TreeSet<String> ours = series(narthexUrl);
        TreeSet<String> theirs = series(promUrl);
        TreeSet<String> onlyOurs = new TreeSet<>(ours);
        onlyOurs.removeAll(theirs);
        TreeSet<String> onlyTheirs = new TreeSet<>(theirs);
        onlyTheirs.removeAll(ours);
        assertTrue(ours.size() > 100, "node_exporter exposes hundreds of series: " + ours.size());
        assertEquals(List.of(), List.copyOf(onlyOurs), "series only Narthex has");
        assertEquals(List.of(), List.copyOf(onlyTheirs), "series only Prometheus has");

        exporter.destroy();
        exporter.waitFor();
        assertEquals(0.0, awaitValue(narthexUrl, "up{job=\"node\"}", v -> v == 0, 10_000));
        assertEquals(0.0, awaitValue(promUrl, "up{job=\"node\"}", v -> v == 0, 10_000));
        // Stale markers end every scraped series: an instant query no longer sees them.
        assertEquals(0.0, awaitValue(narthexUrl, "count({job=\"node\",__name__=~\"node_.*\"}) or vector(0)", v -> v == 0, 5_000));
        assertEquals(0.0, awaitValue(promUrl, "count({job=\"node\",__name__=~\"node_.*\"}) or vector(0)", v -> v == 0, 5_000));
    }

    private Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(Path.of(command[0]).getFileName() + ".log").toFile()).start();
        processes.add(p);
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitHttp(String url) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " did not answer within 15s");
    }

    private String get(String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private double awaitValue(String base, String query, java.util.function.DoublePredicate done, long timeoutMs)
            throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        double v = value(base, query);
        while (!done.test(v) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            v = value(base, query);
        }
        return v;
    }

    /** The value of a one-element instant vector, NaN when empty. */
    private double value(String base, String query) throws Exception {
        String body = get(base + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        try (JsonParser p = new JsonFactory().createParser(body)) {
            String last = null;
            boolean inValue = false;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME && p.currentName().equals("value")) {
                    inValue = true;
                } else if (inValue && t == JsonToken.VALUE_STRING) {
                    last = p.getText();
                    inValue = false;
                }
            }
            return last == null ? Double.NaN : Double.parseDouble(last);
        }
    }

    /** Every label set of {job="node"} as text, from /api/v1/series. */
    private TreeSet<String> series(String base) throws Exception {
        String body = get(base + "/api/v1/series?match[]=" + URLEncoder.encode("{job=\"node\"}", StandardCharsets.UTF_8));
        TreeSet<String> out = new TreeSet<>();
        try (JsonParser p = new JsonFactory().createParser(body)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME && p.currentName().equals("data")) {
                    p.nextToken();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Map<String, String> labels = new TreeMap<>();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            p.nextToken();
                            labels.put(name, p.getText());
                        }
                        out.add(labels.toString());
                    }
                }
            }
        }
        return out;
    }
}
