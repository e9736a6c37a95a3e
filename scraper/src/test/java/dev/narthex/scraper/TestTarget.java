package dev.narthex.scraper;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/** A loopback HTTP server serving a configurable exposition, recording the request headers it got. */
final class TestTarget implements AutoCloseable {
    private final HttpServer server;
    volatile String body = "";
    volatile String contentType = "text/plain; version=0.0.4";
    volatile int status = 200;
    volatile boolean gzip;
    volatile long delayMs;
    final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
    volatile String lastQuery = "";
    final AtomicInteger requests = new AtomicInteger();

    TestTarget() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            ex.getRequestHeaders().forEach((k, v) -> lastHeaders.put(k.toLowerCase(), v.get(0)));
            lastQuery = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
            if (delayMs > 0) {
                try {
                    Thread.sleep(delayMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            if (gzip) {
                ByteArrayOutputStream bo = new ByteArrayOutputStream();
                try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
                    gz.write(b);
                }
                b = bo.toByteArray();
                ex.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            if (!contentType.isEmpty()) {
                ex.getResponseHeaders().set("Content-Type", contentType);
            }
            try {
                ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(b);
                }
            } catch (IOException e) {
                // The scraper gave up (timeout); nothing to do.
            }
        });
        server.start();
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
