package dev.narthex.server.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty HTTP/1.1 server: codec, body aggregation with a size limit (413 beyond it), gzip/deflate
 * when the client asks, and {@link RequestHandler} which moves blocking work to the query executor.
 */
public final class HttpServer implements AutoCloseable {
    /** Go's {@code ParseForm} reads at most 10 MB of a form body; larger bodies are refused. */
    public static final int DEFAULT_MAX_BODY_BYTES = 10 << 20;
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final Handler handler;
    private final ExecutorService queryExecutor;
    private final HttpMetrics metrics;
    private final int maxBodyBytes;
    private final InFlight inFlight = new InFlight();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;

    public HttpServer(Handler handler, ExecutorService queryExecutor, HttpMetrics metrics, int maxBodyBytes) {
        this.handler = handler;
        this.queryExecutor = queryExecutor;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Binds and starts serving; returns the bound address (useful with port 0). */
    public InetSocketAddress start(String host, int port) throws InterruptedException {
        // Native epoll where available (Linux): fewer wake-up delays than NIO's selector.
        boolean epoll = Epoll.isAvailable();
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        boss = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        workers = epoll ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 512)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                new HttpServerCodec(),
                                new HttpObjectAggregator(maxBodyBytes),
                                new HttpContentCompressor(StandardCompressionOptions.gzip(), StandardCompressionOptions.deflate()),
                                new RequestHandler(handler, queryExecutor, metrics, inFlight));
                    }
                });
        try {
            serverChannel = b.bind(host.isEmpty() ? "0.0.0.0" : host, port).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /**
     * Graceful stop: no new connections, requests already received finish (up to {@code graceMillis}),
     * then the event loops stop.
     */
    public void stop(long graceMillis) {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        if (!inFlight.awaitIdle(graceMillis)) {
            log.warn("Stopping with {} requests still running", inFlight.count());
        }
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        serverChannel = null;
    }

    @Override
    public void close() {
        stop(30_000);
    }
}
