package dev.narthex.server;

import dev.narthex.server.api.ApiV1;
import dev.narthex.server.api.Federation;
import dev.narthex.server.http.Handler;
import dev.narthex.server.http.Request;
import dev.narthex.server.http.Response;
import dev.narthex.server.metrics.MetricRegistry;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The root of the server's URL space: health, readiness and lifecycle under {@code /-/}, {@code /metrics},
 * {@code /federate} and the API (answered only once ready, as in Prometheus). Texts and status codes follow Prometheus's
 * {@code web/web.go}.
 */
public final class WebHandler implements Handler {
    static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8; escaping=underscores";

    private final ApiV1 api;
    private final Federation federation;
    private final Lifecycle lifecycle;
    private final MetricRegistry metrics;
    private final boolean lifecycleEnabled;

    public WebHandler(ApiV1 api, Federation federation, Lifecycle lifecycle, MetricRegistry metrics,
                      boolean lifecycleEnabled) {
        this.api = api;
        this.federation = federation;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.lifecycleEnabled = lifecycleEnabled;
    }

    private static boolean isApi(Request r) {
        return r.path().startsWith(ApiV1.PREFIX + "/");
    }

    @Override
    public boolean blocking(Request r) {
        // A reload re-reads the config file; keep file access off the event loop too.
        return isApi(r) ? api.blocking(r) : r.path().equals("/-/reload") || r.path().equals("/federate");
    }

    @Override
    public String routeName(Request r) {
        if (isApi(r)) {
            return api.routeName(r);
        }
        return switch (r.path()) {
            case "/-/healthy", "/-/ready", "/-/reload", "/-/quit", "/metrics", "/federate", "/" -> r.path();
            default -> "other";
        };
    }

    @Override
    public Response handle(Request r) {
        if (isApi(r)) {
            return withCors(r, lifecycle.ready() ? api.handle(r) : Response.text(503, "Service Unavailable"));
        }
        String m = r.method();
        boolean get = m.equals("GET") || m.equals("HEAD");
        return switch (r.path()) {
            case "/-/healthy" -> get ? Response.text(200, "Prometheus Server is Healthy.\n") : Response.methodNotAllowed();
            case "/-/ready" -> !get ? Response.methodNotAllowed()
                    : lifecycle.ready() ? Response.text(200, "Prometheus Server is Ready.\n") : Response.text(503, "Service Unavailable");
            case "/-/reload" -> lifecycleCall(m, true);
            case "/-/quit" -> lifecycleCall(m, false);
            case "/metrics" -> get ? new Response(200, METRICS_CONTENT_TYPE,
                    Unpooled.copiedBuffer(metrics.scrape(), StandardCharsets.UTF_8), Map.of()) : Response.methodNotAllowed();
            case "/federate" -> !get ? Response.methodNotAllowed()
                    : lifecycle.ready() ? federation.handle(r) : Response.text(503, "Service Unavailable");
            case "/" -> get ? new Response(302, Response.TEXT, Unpooled.EMPTY_BUFFER, Map.of("Location", "/query"))
                    : Response.methodNotAllowed();
            default -> Response.notFound();
        };
    }

    /** Prometheus's CORS headers for browsers calling the API from another origin (any origin allowed). */
    private static Response withCors(Request r, Response resp) {
        String origin = r.header("origin");
        if (origin == null) {
            return resp;
        }
        Map<String, String> h = new java.util.HashMap<>(resp.headers());
        h.put("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, Origin");
        h.put("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        h.put("Access-Control-Allow-Origin", origin);
        h.put("Access-Control-Expose-Headers", "Date");
        return new Response(resp.status(), resp.contentType(), resp.body(), h);
    }

    private Response lifecycleCall(String method, boolean reload) {
        if (method.equals("GET") || method.equals("HEAD")) {
            return Response.text(405, "Only POST or PUT requests allowed");
        }
        if (!method.equals("POST") && !method.equals("PUT")) {
            return Response.methodNotAllowed();
        }
        if (!lifecycleEnabled) {
            return Response.text(403, "Lifecycle API is not enabled.");
        }
        if (reload) {
            String err = lifecycle.reload();
            return err == null ? Response.empty(200) : Response.text(500, "failed to reload config: " + err + "\n");
        }
        return Response.text(200, lifecycle.requestQuit() ? "Requesting termination... Goodbye!" : "Termination already in progress.");
    }
}
