package dev.narthex.scraper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.narthex.scraper.config.ScrapeConfig;
import dev.narthex.storage.ReferenceStorage;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS scrapes: a CA file that trusts the server, and a failure without it. */
class TlsScrapeTest {
    private static void keytool(String... args) throws Exception {
        String bin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "keytool";
        List<String> cmd = new java.util.ArrayList<>(List.of(bin));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void scrapesOverTlsWithCaFile(@TempDir Path dir) throws Exception {
        Path ks = dir.resolve("server.p12");
        Path pem = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "s", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(),
                "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "s", "-keystore", ks.toString(), "-storepass", "changeit", "-file", pem.toString());

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/", ex -> {
            byte[] b = "secure 1\n".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(b);
            }
        });
        server.start();
        ExecutorService workers = Executors.newSingleThreadExecutor();
        try (ScrapeHttpClient client = new ScrapeHttpClient(1)) {
            String addr = "127.0.0.1:" + server.getAddress().getPort();
            ReferenceStorage storage = new ReferenceStorage();
            ScrapeConfig cfg = ScrapeLoopTest.config("job_name: s\nscheme: https\nscrape_timeout: 5s\ntls_config:\n  ca_file: " + pem + "\n");
            ScrapeLoop loop = new ScrapeLoop(TargetBuilder.build(cfg, Map.of("__address__", addr), Map.of()).target(), cfg, storage, client);
            loop.scrape(1000, workers).join();
            assertEquals("", loop.target().lastError());
            assertEquals(List.of("1@1000"), StorageDump.series(storage, "__name__", "secure", "instance", addr, "job", "s"));

            ScrapeConfig untrusted = ScrapeLoopTest.config("job_name: s\nscheme: https\nscrape_timeout: 5s\n");
            ScrapeLoop bad = new ScrapeLoop(TargetBuilder.build(untrusted, Map.of("__address__", addr), Map.of()).target(), untrusted,
                    storage, client);
            bad.scrape(2000, workers).join();
            assertEquals("Get \"https://" + addr + "/metrics\": tls: failed to verify certificate: x509: certificate signed by unknown authority",
                    bad.target().lastError());
            assertEquals(Target.Health.DOWN, bad.target().health());
        } finally {
            workers.shutdownNow();
            server.stop(0);
        }
    }
}
