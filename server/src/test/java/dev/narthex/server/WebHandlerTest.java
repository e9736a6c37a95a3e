package dev.narthex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.narthex.server.api.ApiV1;
import dev.narthex.server.api.FakeQueryService;
import dev.narthex.server.api.TestServerInfo;
import dev.narthex.server.http.Request;
import dev.narthex.server.http.Response;
import dev.narthex.server.metrics.MetricRegistry;
import dev.narthex.storage.ReferenceStorage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebHandlerTest {
    private boolean ready;
    private String reloadError;
    private int quits;

    private final Lifecycle lifecycle = new Lifecycle() {
        @Override
        public boolean ready() {
            return ready;
        }

        @Override
        public String reload() {
            return reloadError;
        }

        @Override
        public boolean requestQuit() {
            return quits++ == 0;
        }
    };

    private WebHandler handler(boolean lifecycleEnabled) {
        ApiV1 api = new ApiV1(new FakeQueryService(), new ReferenceStorage(), new TestServerInfo(false), () -> 0L);
        return new WebHandler(api, null, lifecycle, new MetricRegistry(), lifecycleEnabled);
    }

    private static String text(Response r) {
        String s = r.body().toString(StandardCharsets.UTF_8);
        r.body().release();
        return r.status() + " " + s;
    }

    private static Request req(String method, String path) {
        return Request.of(method, path, Map.of());
    }

    @Test
    void notReadyAnswers503() {
        WebHandler h = handler(false);
        assertEquals("503 Service Unavailable", text(h.handle(req("GET", "/-/ready"))));
        assertEquals("503 Service Unavailable", text(h.handle(req("GET", "/api/v1/query"))));
        assertEquals("200 Prometheus Server is Healthy.\n", text(h.handle(req("GET", "/-/healthy"))));
        ready = true;
        assertEquals("200 Prometheus Server is Ready.\n", text(h.handle(req("GET", "/-/ready"))));
    }

    @Test
    void lifecycleDisabled() {
        WebHandler h = handler(false);
        assertEquals("403 Lifecycle API is not enabled.", text(h.handle(req("POST", "/-/reload"))));
        assertEquals("403 Lifecycle API is not enabled.", text(h.handle(req("PUT", "/-/quit"))));
        assertEquals("405 Only POST or PUT requests allowed", text(h.handle(req("GET", "/-/quit"))));
        assertEquals(0, quits);
    }

    @Test
    void lifecycleEnabled() {
        WebHandler h = handler(true);
        assertEquals("200 ", text(h.handle(req("POST", "/-/reload"))));
        reloadError = "bad file";
        assertEquals("500 failed to reload config: bad file\n", text(h.handle(req("POST", "/-/reload"))));
        assertEquals("200 Requesting termination... Goodbye!", text(h.handle(req("POST", "/-/quit"))));
        assertEquals("200 Termination already in progress.", text(h.handle(req("POST", "/-/quit"))));
    }
}
