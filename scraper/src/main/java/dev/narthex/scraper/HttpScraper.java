package dev.narthex.scraper;

import dev.narthex.scraper.config.HttpClientConfig;
import dev.narthex.scraper.config.ScrapeConfig;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Fetches one target's exposition into a reusable byte array over a keep-alive HTTP/1.1 connection,
 * decompressing gzip and enforcing the timeout and body size limit as Prometheus does. One per scrape
 * loop; at most one request in flight. The body array is owned by this object and valid until the next
 * {@link #scrape()}.
 */
final class HttpScraper {
    private static final Map<String, String> PROTOCOL_HEADERS = Map.of(
            "PrometheusProto", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited",
            "PrometheusText0.0.4", "text/plain;version=0.0.4",
            "PrometheusText1.0.0", "text/plain;version=1.0.0",
            "OpenMetricsText0.0.1", "application/openmetrics-text;version=0.0.1",
            "OpenMetricsText1.0.0", "application/openmetrics-text;version=1.0.0");
    static final String USER_AGENT = "Narthex/0.1";

    private final ScrapeHttpClient client;
    private final URI uri;
    private final String url;
    private final String accept;
    private final String host;
    private final int port;
    private final long timeoutMs;
    private final long bodyLimit;
    private final boolean compression;
    private final HttpClientConfig auth;
    private final SslContext ssl;

    private volatile Channel channel;
    private byte[] body = new byte[64 * 1024];
    private int bodyLen;
    private String contentType = "";
    private CompletableFuture<Void> pending;
    private ScheduledFuture<?> timeoutTask;

    HttpScraper(ScrapeHttpClient client, Target target, ScrapeConfig cfg) throws ScrapeFailure {
        this.client = client;
        this.url = target.scrapeUrl();
        this.uri = URI.create(url);
        this.host = uri.getHost();
        boolean https = "https".equals(uri.getScheme());
        this.port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        this.timeoutMs = target.timeoutMs();
        this.bodyLimit = cfg.bodySizeLimit() <= 0 ? Long.MAX_VALUE : cfg.bodySizeLimit();
        this.compression = cfg.enableCompression();
        this.accept = acceptHeader(cfg.scrapeProtocols());
        this.auth = cfg.httpClient();
        this.ssl = https ? sslContext(cfg.httpClient().tls()) : null;
    }

    /**
     * Prometheus's Accept header: the protocols in preference order with q weights from 0.(n+1) down
     * (n = number of known protocols), UTF-8 escaping on the 1.0.0 text formats, then any type.
     */
    static String acceptHeader(List<String> protocols) {
        StringBuilder sb = new StringBuilder();
        int weight = PROTOCOL_HEADERS.size() + 1;
        for (String p : protocols) {
            sb.append(PROTOCOL_HEADERS.get(p));
            if (p.equals("PrometheusText1.0.0") || p.equals("OpenMetricsText1.0.0")) {
                sb.append(";escaping=allow-utf-8");
            }
            sb.append(";q=0.").append(weight--).append(',');
        }
        return sb.append("*/*;q=0.").append(weight).toString();
    }

    private static SslContext sslContext(HttpClientConfig.TlsConfig tls) throws ScrapeFailure {
        try {
            SslContextBuilder b = SslContextBuilder.forClient();
            if (tls.insecureSkipVerify()) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (!tls.caFile().isEmpty()) {
                b.trustManager(new File(tls.caFile()));
            }
            if (!tls.certFile().isEmpty()) {
                b.keyManager(new File(tls.certFile()), new File(tls.keyFile()));
            }
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ScrapeFailure("error creating HTTP client: " + e.getMessage());
        }
    }

    byte[] body() {
        return body;
    }

    int bodyLength() {
        return bodyLen;
    }

    /** The response's Content-Type header, "" when absent. */
    String contentType() {
        return contentType;
    }

    /** Starts a scrape; the future completes (on an I/O thread) when the body is read or the scrape failed. */
    CompletableFuture<Void> scrape() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending = done;
        bodyLen = 0;
        contentType = "";
        FullHttpRequest request;
        try {
            request = request();
        } catch (IOException e) {
            done.completeExceptionally(new ScrapeFailure("unable to read authorization credentials: " + e.getMessage()));
            return done;
        }
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            armTimeout(ch, done);
            ch.writeAndFlush(request).addListener(f -> {
                if (!f.isSuccess()) {
                    fail(done, wrap(f.cause()));
                }
            });
            return done;
        }
        ChannelFuture cf = client.bootstrap().clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel c) {
                ChannelPipeline p = c.pipeline();
                if (ssl != null) {
                    String sni = auth.tls().serverName().isEmpty() ? host : auth.tls().serverName();
                    p.addLast(ssl.newHandler(c.alloc(), sni, port));
                }
                p.addLast(new HttpClientCodec(), new HttpContentDecompressor(), new ResponseHandler());
            }
        }).connect(host, port);
        channel = cf.channel();
        armTimeout(cf.channel(), done);
        cf.addListener(f -> {
            if (f.isSuccess()) {
                cf.channel().writeAndFlush(request).addListener(w -> {
                    if (!w.isSuccess()) {
                        fail(done, wrap(w.cause()));
                    }
                });
            } else {
                fail(done, wrap(f.cause()));
            }
        });
        return done;
    }

    private void armTimeout(Channel ch, CompletableFuture<Void> done) {
        timeoutTask = ch.eventLoop().schedule(() -> fail(done, "context deadline exceeded"), timeoutMs, TimeUnit.MILLISECONDS);
    }

    private FullHttpRequest request() throws IOException {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        r.headers().set(HttpHeaderNames.HOST, uri.getRawAuthority());
        r.headers().set(HttpHeaderNames.ACCEPT, accept);
        r.headers().set(HttpHeaderNames.ACCEPT_ENCODING, compression ? HttpHeaderValues.GZIP : HttpHeaderValues.IDENTITY);
        r.headers().set(HttpHeaderNames.USER_AGENT, USER_AGENT);
        r.headers().set("X-Prometheus-Scrape-Timeout-Seconds", goSeconds(timeoutMs));
        HttpClientConfig.BasicAuth basic = auth.basicAuth();
        if (basic != null) {
            String user = basic.usernameFile().isEmpty() ? basic.username() : readTrimmed(basic.usernameFile());
            String pass = basic.passwordFile().isEmpty() ? basic.password() : readTrimmed(basic.passwordFile());
            String token = Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.AUTHORIZATION, "Basic " + token);
        }
        HttpClientConfig.Authorization a = auth.authorization();
        if (a != null) {
            String cred = a.credentialsFile().isEmpty() ? a.credentials() : readTrimmed(a.credentialsFile());
            r.headers().set(HttpHeaderNames.AUTHORIZATION, a.type() + " " + cred);
        }
        return r;
    }

    private static String readTrimmed(String file) throws IOException {
        return Files.readString(Path.of(file)).trim();
    }

    /** Go's strconv.FormatFloat(seconds, 'f', -1, 64) for whole milliseconds. */
    static String goSeconds(long ms) {
        if (ms % 1000 == 0) {
            return Long.toString(ms / 1000);
        }
        return java.math.BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString();
    }

    private String wrap(Throwable cause) {
        if (cause instanceof ConnectException) {
            String msg = cause.getMessage() == null ? "" : cause.getMessage();
            String reason = msg.contains("refused") ? "connect: connection refused" : msg;
            return "Get \"" + url + "\": dial tcp " + host + ":" + port + ": " + reason;
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof javax.net.ssl.SSLException ssl) {
                String msg = String.valueOf(ssl.getMessage());
                // Go's wording for the common case of an untrusted chain.
                String reason = msg.contains("PKIX path") ? "x509: certificate signed by unknown authority" : msg;
                return "Get \"" + url + "\": tls: failed to verify certificate: " + reason;
            }
        }
        return "Get \"" + url + "\": " + cause;
    }

    private void fail(CompletableFuture<Void> done, String message) {
        if (done.isDone()) {
            return;
        }
        String text = message.equals("context deadline exceeded") ? "Get \"" + url + "\": context deadline exceeded" : message;
        finish();
        Channel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
        done.completeExceptionally(new ScrapeFailure(text));
    }

    private void finish() {
        if (timeoutTask != null) {
            timeoutTask.cancel(false);
        }
    }

    /** Closes the kept-alive connection; called when the loop stops. */
    void close() {
        Channel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
    }

    private final class ResponseHandler extends SimpleChannelInboundHandler<HttpObject> {
        private boolean keepAlive;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            CompletableFuture<Void> done = pending;
            if (done == null || done.isDone()) {
                return;
            }
            if (msg instanceof HttpResponse resp) {
                if (resp.status().code() != 200) {
                    fail(done, "server returned HTTP status " + resp.status().code() + " " + resp.status().reasonPhrase());
                    return;
                }
                keepAlive = HttpUtil.isKeepAlive(resp);
                String ct = resp.headers().get(HttpHeaderNames.CONTENT_TYPE);
                contentType = ct == null ? "" : ct;
            }
            if (msg instanceof HttpContent content) {
                ByteBuf buf = content.content();
                int n = buf.readableBytes();
                if ((long) bodyLen + n >= bodyLimit) {
                    fail(done, "body size limit exceeded");
                    return;
                }
                if (bodyLen + n > body.length) {
                    body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLen + n));
                }
                buf.readBytes(body, bodyLen, n);
                bodyLen += n;
                if (msg instanceof LastHttpContent) {
                    finish();
                    if (!keepAlive) {
                        channel = null;
                        ctx.close();
                    }
                    done.complete(null);
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            CompletableFuture<Void> done = pending;
            if (done != null && !done.isDone() && ctx.channel() == channel) {
                fail(done, "Get \"" + url + "\": EOF");
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            CompletableFuture<Void> done = pending;
            if (done != null) {
                fail(done, wrap(cause));
            }
            ctx.close();
        }
    }
}
