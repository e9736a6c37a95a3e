package dev.narthex.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a Netty request into a {@link Request}, runs the {@link Handler} (on the query executor when the
 * handler says the request blocks, so that the event loop never waits on storage or evaluation) and writes
 * the response with keep-alive handling. One instance per connection.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);
    private static final int MAX_PARAMS = 100_000;

    private final Handler handler;
    private final ExecutorService executor;
    private final HttpMetrics metrics;
    private final InFlight inFlight;

    RequestHandler(Handler handler, ExecutorService executor, HttpMetrics metrics, InFlight inFlight) {
        this.handler = handler;
        this.executor = executor;
        this.metrics = metrics;
        this.inFlight = inFlight;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        long started = System.nanoTime();
        boolean keepAlive = HttpUtil.isKeepAlive(msg);
        boolean head = msg.method().equals(HttpMethod.HEAD);
        if (!msg.decoderResult().isSuccess()) {
            write(ctx, Response.text(400, "400 Bad Request"), keepAlive, head, "other", started);
            return;
        }
        Request request;
        try {
            request = toRequest(msg);
        } catch (IllegalArgumentException e) {
            write(ctx, Response.text(400, "400 Bad Request: " + e.getMessage()), false, head, "other", started);
            return;
        }
        String route = handler.routeName(request);
        inFlight.begin();
        if (!handler.blocking(request)) {
            respond(ctx, request, keepAlive, head, route, started);
            return;
        }
        BlockingTask task = new BlockingTask(ctx, request, keepAlive, head, route, started);
        try {
            executor.execute(task);
            // A client that hangs up cancels its query: the engine stops when its thread is interrupted.
            ctx.channel().closeFuture().addListener(f -> task.cancel());
        } catch (RejectedExecutionException e) {
            inFlight.end();
            write(ctx, Response.text(503, "Service Unavailable"), false, head, route, started);
        }
    }

    private void respond(ChannelHandlerContext ctx, Request request, boolean keepAlive, boolean head, String route,
                         long started) {
        Response response;
        try {
            response = handler.handle(request);
        } catch (RuntimeException e) {
            log.atError().addKeyValue("path", request.path()).setCause(e).log("Request failed");
            response = Response.text(500, e.toString() + "\n");
        } finally {
            inFlight.end();
        }
        write(ctx, response, keepAlive, head, route, started);
    }

    /** Work on the query executor; skipped when the client left while it waited, interrupted when it leaves later. */
    private final class BlockingTask implements Runnable {
        private final ChannelHandlerContext ctx;
        private final Request request;
        private final boolean keepAlive;
        private final boolean head;
        private final String route;
        private final long started;
        private Thread runner;

        BlockingTask(ChannelHandlerContext ctx, Request request, boolean keepAlive, boolean head, String route, long started) {
            this.ctx = ctx;
            this.request = request;
            this.keepAlive = keepAlive;
            this.head = head;
            this.route = route;
            this.started = started;
        }

        @Override
        public void run() {
            if (!ctx.channel().isActive()) {
                inFlight.end();
                return;
            }
            synchronized (this) {
                runner = Thread.currentThread();
            }
            try {
                respond(ctx, request, keepAlive, head, route, started);
            } finally {
                synchronized (this) {
                    runner = null;
                    // Clear an interrupt aimed at this request so that the pooled thread starts clean.
                    Thread.interrupted();
                }
            }
        }

        synchronized void cancel() {
            if (runner != null) {
                runner.interrupt();
            }
        }
    }

    private void write(ChannelHandlerContext ctx, Response r, boolean keepAlive, boolean head, String route, long started) {
        ByteBuf body = r.body();
        int length = body.readableBytes();
        if (head) {
            body.release();
            body = Unpooled.EMPTY_BUFFER;
        }
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()), body);
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, length);
        r.headers().forEach((k, v) -> resp.headers().set(k, v));
        if (keepAlive) {
            resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        } else {
            resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        metrics.observe(route, r.status(), System.nanoTime() - started);
        var future = ctx.writeAndFlush(resp);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    static Request toRequest(FullHttpRequest msg) {
        QueryStringDecoder uri = new QueryStringDecoder(msg.uri(), StandardCharsets.UTF_8, true, MAX_PARAMS, true);
        Map<String, List<String>> body = Map.of();
        String method = msg.method().name();
        String contentType = msg.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if ((method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))
                && contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            String text = msg.content().toString(StandardCharsets.UTF_8);
            body = new QueryStringDecoder(text, StandardCharsets.UTF_8, false, MAX_PARAMS, true).parameters();
        }
        Map<String, String> headers = new HashMap<>();
        msg.headers().forEach(e -> headers.putIfAbsent(e.getKey().toLowerCase(), e.getValue()));
        return new Request(method, uri.path(), Request.mergeForm(body, uri.parameters()), headers);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.atDebug().setCause(cause).log("Connection error");
        ctx.close();
    }
}
