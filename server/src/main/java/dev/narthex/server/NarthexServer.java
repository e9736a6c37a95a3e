package dev.narthex.server;

import dev.narthex.scraper.ScrapeManager;
import dev.narthex.server.api.ApiV1;
import dev.narthex.server.api.BuildInfo;
import dev.narthex.server.api.Federation;
import dev.narthex.server.api.ScrapeView;
import dev.narthex.server.api.RulesView;
import dev.narthex.server.api.ServerInfo;
import dev.narthex.server.config.ConfigHolder;
import dev.narthex.server.config.PrometheusConfig;
import dev.narthex.server.http.HttpMetrics;
import dev.narthex.server.http.HttpServer;
import dev.narthex.server.metrics.InfoMetric;
import dev.narthex.server.metrics.MetricRegistry;
import dev.narthex.server.metrics.TsdbCollector;
import dev.narthex.server.metrics.ProcessMetrics;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: HTTP API over a {@link Backend}, scraping into {@link Backend#appendable()}, the
 * configuration and its reloads (which re-apply the scrape configs), self-metrics, and an orderly stop (no
 * new connections, running requests finish, scraping stops, then storage closes).
 */
public final class NarthexServer implements Lifecycle, ServerInfo, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NarthexServer.class);
    private static final long SHUTDOWN_GRACE_MS = 30_000;

    private final ServerFlags flags;
    private final ConfigHolder config;
    private final Backend backend;
    private final MetricRegistry metrics = new MetricRegistry();
    private final ExecutorService queryExecutor;
    private final HttpServer http;
    private final ScrapeManager scrapes;
    private final RulesService rules;
    private final long startTimeMs = System.currentTimeMillis();
    private final CountDownLatch quit = new CountDownLatch(1);
    private final AtomicBoolean quitRequested = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean ready;
    private InetSocketAddress address;

    public NarthexServer(ServerFlags flags, ConfigHolder config, Backend backend) {
        this.flags = flags;
        this.config = config;
        this.backend = backend;
        ProcessMetrics.register(metrics);
        metrics.register(new InfoMetric("prometheus_build_info",
                "A metric with a constant '1' value labeled by version, revision, branch, goversion from which prometheus was built, and the goos and goarch for the build.",
                new String[] {"branch", "goarch", "goos", "goversion", "revision", "tags", "version"},
                new String[] {"HEAD", System.getProperty("os.arch"), System.getProperty("os.name").toLowerCase(),
                        BuildInfo.runtimeVersion(), "narthex-" + BuildInfo.NARTHEX_VERSION, "", BuildInfo.VERSION}));
        metrics.gauge("prometheus_ready", "Whether Prometheus startup was fully completed and the server is ready for normal operation.",
                () -> ready ? 1 : 0);
        metrics.gauge("prometheus_config_last_reload_successful", "Whether the last configuration reload attempt was successful.",
                () -> config.lastReloadSuccessful() ? 1 : 0);
        metrics.gauge("prometheus_config_last_reload_success_timestamp_seconds", "Timestamp of the last successful configuration reload.",
                () -> config.lastSuccessMs() / 1000.0);
        AtomicInteger threadId = new AtomicInteger();
        // Queries beyond --query.max-concurrency wait in the queue, as Prometheus's query tracker makes them wait.
        queryExecutor = new ThreadPoolExecutor(flags.maxConcurrency(), flags.maxConcurrency(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "narthex-query-" + threadId.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        rules = new RulesService(config.baseDirectory(), flags, backend, config.current(),
                "http://" + flags.host() + ":" + flags.port(), System::currentTimeMillis);
        config.addListener(rules::apply);
        metrics.register(rules);
        TimedQueryService queries = new TimedQueryService(backend.queries(), metrics, flags.maxConcurrency());
        scrapes = new ScrapeManager(backend.appendable());
        ApiV1 api = new ApiV1(queries, backend.queryable(), this, System::currentTimeMillis, ScrapeView.of(scrapes),
                backend.admin(), backend.exemplars());
        if (backend.admin() != null) {
            metrics.register(new TsdbCollector(backend.admin().metrics()));
        }
        Federation federation = new Federation(backend.queryable(), queries::parseMetricSelector,
                () -> config.current().global().externalLabels(), flags.lookbackDeltaMs(), System::currentTimeMillis);
        http = new HttpServer(new WebHandler(api, federation, this, metrics, flags.enableLifecycle()), queryExecutor,
                new HttpMetrics(metrics), HttpServer.DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * Binds the listen address and starts answering; the server is ready when this returns. Between the two,
     * {@code /-/healthy} answers while the query warm-up ({@code --query.warmup}) runs and the API says 503.
     */
    public InetSocketAddress start() throws InterruptedException {
        address = http.start(flags.host(), flags.port());
        QueryWarmup.run(flags.queryWarmupMs(), flags, this, queryExecutor);
        applyScrapeConfigs(config.current());
        // Reloads hand every new configuration here before it becomes the running one.
        config.addListener(this::applyScrapeConfigs);
        scrapes.start();
        ready = true;
        log.atInfo().addKeyValue("address", address.getHostString() + ":" + address.getPort())
                .log("Server is ready to receive web requests.");
        return address;
    }

    private void applyScrapeConfigs(PrometheusConfig c) {
        scrapes.applyConfig(c.scrapeGlobal(), c.scrapeConfigs());
    }

    public InetSocketAddress address() {
        return address;
    }

    public MetricRegistry metrics() {
        return metrics;
    }

    /** Blocks until a stop is requested (quit endpoint, signal). */
    public void awaitQuit() throws InterruptedException {
        quit.await();
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public String reload() {
        return config.reload();
    }

    @Override
    public boolean requestQuit() {
        if (!quitRequested.compareAndSet(false, true)) {
            return false;
        }
        quit.countDown();
        return true;
    }

    /** Stops serving, lets running requests finish, then closes storage. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ready = false;
        requestQuit();
        log.info("Stopping the web server and waiting for running queries");
        http.stop(SHUTDOWN_GRACE_MS);
        queryExecutor.shutdown();
        try {
            if (!queryExecutor.awaitTermination(SHUTDOWN_GRACE_MS, TimeUnit.MILLISECONDS)) {
                queryExecutor.shutdownNow();
            }
        } catch (InterruptedException e) {
            queryExecutor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.info("Stopping scrape manager");
        scrapes.close();
        rules.close();
        log.info("Closing storage");
        backend.close();
        log.info("See you next time!");
    }

    @Override
    public Map<String, String> flags() {
        return flags.asMap();
    }

    @Override
    public String configYaml() {
        return config.current().toYaml();
    }

    @Override
    public boolean adminApiEnabled() {
        return flags.enableAdminApi();
    }

    @Override
    public long startTimeMs() {
        return startTimeMs;
    }

    @Override
    public boolean lastReloadSuccessful() {
        return config.lastReloadSuccessful();
    }

    @Override
    public long lastConfigTimeMs() {
        return config.lastSuccessMs();
    }

    @Override
    public RulesView rules() {
        return rules;
    }

    @Override
    public String storageRetention() {
        return flags.retentionDescription();
    }
}
