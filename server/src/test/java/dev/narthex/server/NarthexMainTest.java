package dev.narthex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.server.api.FakeQueryService;
import dev.narthex.server.api.QueryService;
import dev.narthex.server.config.ConfigHolder;
import dev.narthex.storage.Queryable;
import dev.narthex.storage.ReferenceStorage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NarthexMainTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Backend fakeBackend() {
        ReferenceStorage storage = new ReferenceStorage();
        FakeQueryService queries = new FakeQueryService();
        return new Backend() {
            @Override
            public dev.narthex.storage.Appendable appendable() {
                return storage;
            }

            @Override
            public Queryable queryable() {
                return storage;
            }

            @Override
            public QueryService queries() {
                return queries;
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
    }

    private int run(String... args) {
        return NarthexMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), (f, c) -> fakeBackend());
    }

    @Test
    void badFlagsExitTwo() {
        assertEquals(2, run("--bogus"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown long flag '--bogus'"));
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--config.file"));
    }

    @Test
    void badConfigExitsTwo() throws Exception {
        Path cfg = dir.resolve("p.yml");
        Files.writeString(cfg, "nope: 1\n");
        assertEquals(2, run("--config.file=" + cfg));
        assertEquals(2, run("--config.file=" + dir.resolve("missing.yml")), "a named file must exist");
        assertFalse(closed.get());
    }

    @Test
    void builtInConfigScrapesItself() throws Exception {
        ServerFlags flags = ServerFlags.parse("--config.file=" + dir.resolve("absent.yml"), "--web.listen-address=:9099").flags();
        assertTrue(flags.configFileGiven());
        ServerFlags implicit = ServerFlags.parse("--web.listen-address=:9099").flags();
        // The default file name is relative to the working directory, which has no prometheus.yml in tests.
        ConfigHolder h = NarthexMain.loadConfig(implicit);
        assertEquals("(built-in default)", h.source());
        assertEquals("narthex", h.current().scrapeConfigs().get(0).jobName());
        assertEquals("localhost:9099", h.current().scrapeConfigs().get(0).staticConfigs().get(0).targets().get(0).get("__address__"));
    }

    @Test
    void servesUntilQuit() throws Exception {
        Path cfg = dir.resolve("p.yml");
        Files.writeString(cfg, "global:\n  evaluation_interval: 1m\n");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String[] args = {"--config.file=" + cfg, "--storage.tsdb.path=" + dir.resolve("data"),
                "--storage.tsdb.retention.time=100y", "--web.listen-address=127.0.0.1:" + port, "--web.enable-lifecycle",
                "--query.warmup=300ms"};
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(args));
        HttpClient client = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + port + "/-/ready");
        long deadline = System.currentTimeMillis() + 20_000;
        int status = 0;
        while (status != 200 && System.currentTimeMillis() < deadline) {
            try {
                status = client.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        assertEquals(200, status);
        client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/quit"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(0, exit.get(20, TimeUnit.SECONDS));
        assertTrue(closed.get(), "storage closed on the way out");
    }
}
