package dev.narthex.scraper;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The one Netty event loop group and bootstrap shared by every scrape loop. Thread-safe; each
 * {@link HttpScraper} opens and reuses its own keep-alive connection through it.
 */
public final class ScrapeHttpClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;

    public ScrapeHttpClient(int threads) {
        this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory("narthex-scrape-io", true));
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
    }

    Bootstrap bootstrap() {
        return bootstrap;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
