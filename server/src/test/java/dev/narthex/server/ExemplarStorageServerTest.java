package dev.narthex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.server.config.ConfigHolder;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exemplar storage in a whole server over a real database: the feature flag, {@code max_exemplars} at
 * start and on reload, the {@code prometheus_tsdb_exemplar_*} metrics and a restart through the WAL.
 */
class ExemplarStorageServerTest {
    private static final Labels SERIES = Labels.of("__name__", "req_total", "job", "a");

    @TempDir
    Path dir;
    private final HttpClient client = HttpClient.newHttpClient();
    private NarthexServer server;
    private EngineBackend backend;
    private ConfigHolder holder;
    private String base;

    private void start(String configYaml, String... extraFlags) throws Exception {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, configYaml);
        String[] args = new String[4 + extraFlags.length];
        args[0] = "--config.file=" + config;
        args[1] = "--web.listen-address=127.0.0.1:0";
        args[2] = "--storage.tsdb.path=" + dir.resolve("data");
        args[3] = "--query.warmup=0s";
        System.arraycopy(extraFlags, 0, args, 4, extraFlags.length);
        ServerFlags flags = ServerFlags.parse(args).flags();
        holder = ConfigHolder.fromFile(config);
        backend = EngineBackend.open(flags, holder);
        server = new NarthexServer(flags, holder, backend);
        base = "http://127.0.0.1:" + server.start().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Exemplars 1..n on SERIES, one per second from t=1s. */
    private void appendExemplars(int n) {
        for (int i = 1; i <= n; i++) {
            Appender app = backend.appendable().appender();
            long ref = app.append(0, SERIES, i * 1000L, i);
            app.appendExemplar(ref, SERIES, Labels.of("trace_id", "t" + i), i, i * 1000L, true);
            app.commit();
        }
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private String exemplars() throws Exception {
        return get("/api/v1/query_exemplars?query=" + URLEncoder.encode("req_total", StandardCharsets.UTF_8));
    }

    private String metric(String name) throws Exception {
        for (String line : get("/metrics").split("\n")) {
            if (line.startsWith(name + " ")) {
                return line.substring(name.length() + 1);
            }
        }
        return null;
    }

    @Test
    void withoutTheFeatureNothingIsStoredWhateverTheConfig() throws Exception {
        start("storage:\n  exemplars:\n    max_exemplars: 10\n");
        appendExemplars(2);
        assertEquals("{\"status\":\"success\",\"data\":[]}", exemplars());
        assertEquals("0", metric("prometheus_tsdb_exemplar_max_exemplars"));
        assertEquals("0", metric("prometheus_tsdb_exemplar_exemplars_appended_total"));
    }

    @Test
    void featureStoresUpToMaxExemplarsResizesOnReloadAndSurvivesRestart() throws Exception {
        start("storage:\n  exemplars:\n    max_exemplars: 3\n", "--enable-feature=exemplar-storage");
        appendExemplars(5);
        assertEquals("3", metric("prometheus_tsdb_exemplar_max_exemplars"));
        assertEquals("5", metric("prometheus_tsdb_exemplar_exemplars_appended_total"));
        assertEquals("3", metric("prometheus_tsdb_exemplar_exemplars_in_storage"));
        assertEquals("1", metric("prometheus_tsdb_exemplar_series_with_exemplars_in_storage"));
        assertEquals("3", metric("prometheus_tsdb_exemplar_last_exemplars_timestamp_seconds"));
        String newest3 = "{\"status\":\"success\",\"data\":[{\"seriesLabels\":{\"__name__\":\"req_total\",\"job\":\"a\"},\"exemplars\":["
                + "{\"labels\":{\"trace_id\":\"t3\"},\"value\":\"3\",\"timestamp\":3},"
                + "{\"labels\":{\"trace_id\":\"t4\"},\"value\":\"4\",\"timestamp\":4},"
                + "{\"labels\":{\"trace_id\":\"t5\"},\"value\":\"5\",\"timestamp\":5}]}]}";
        assertEquals(newest3, exemplars());

        Files.writeString(dir.resolve("prometheus.yml"), "storage:\n  exemplars:\n    max_exemplars: 2\n");
        assertNull(holder.reload());
        assertEquals("2", metric("prometheus_tsdb_exemplar_max_exemplars"));
        assertEquals("2", metric("prometheus_tsdb_exemplar_exemplars_in_storage"));
        assertTrue(exemplars().startsWith("{\"status\":\"success\",\"data\":[{\"seriesLabels\":{\"__name__\":\"req_total\",\"job\":\"a\"},"
                + "\"exemplars\":[{\"labels\":{\"trace_id\":\"t4\"}"), exemplars());

        stop();
        Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 15s\n");
        start("global:\n  scrape_interval: 15s\n", "--enable-feature=exemplar-storage");
        assertEquals("100000", metric("prometheus_tsdb_exemplar_max_exemplars"), "Prometheus's default");
        assertEquals(newest3.replace("\"exemplars\":[", "\"exemplars\":[{\"labels\":{\"trace_id\":\"t1\"},\"value\":\"1\",\"timestamp\":1},"
                + "{\"labels\":{\"trace_id\":\"t2\"},\"value\":\"2\",\"timestamp\":2},"), exemplars(),
                "the WAL replays every logged exemplar, also those the smaller ring had dropped");
    }
}
