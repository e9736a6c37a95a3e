package dev.narthex.scraper;

import dev.narthex.scraper.config.GlobalConfig;
import dev.narthex.scraper.config.ScrapeConfig;
import dev.narthex.storage.Appendable;
import dev.narthex.storage.Labels;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the scrape pools of all jobs: {@link #applyConfig} adds, keeps and removes jobs and targets (an
 * unchanged job keeps its pool; a changed job's targets that keep their identity continue without stale
 * markers; removed targets get stale markers), and the snapshot methods serve {@code /api/v1/targets}
 * and {@code /api/v1/targets/metadata}. Thread-safe.
 */
public final class ScrapeManager implements AutoCloseable {
    /** A target being scraped, as the targets API lists it. */
    public record ActiveTarget(String scrapePool, Target target, String globalUrl) {
    }

    /** A target that relabeling dropped, with the labels discovery gave it. */
    public record DroppedTarget(String scrapePool, Labels discoveredLabels) {
    }

    /** One metric family's metadata as one target exposes it. */
    public record TargetMetadata(Target target, MetricMetadata metadata) {
    }

    private final Appendable storage;
    private final ScrapeHttpClient client;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final String hostname;
    private Map<String, ScrapePool> pools = new LinkedHashMap<>();
    private List<ScrapeConfig> configs = List.of();
    private boolean started;

    /** A manager appending to {@code storage}, with I/O and parsing threads sized to the machine. */
    public ScrapeManager(Appendable storage) {
        this(storage, Math.max(1, Runtime.getRuntime().availableProcessors() / 2), Runtime.getRuntime().availableProcessors());
    }

    public ScrapeManager(Appendable storage, int ioThreads, int workerThreads) {
        this.storage = storage;
        this.client = new ScrapeHttpClient(ioThreads);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("narthex-scrape-timer"));
        this.workers = Executors.newFixedThreadPool(workerThreads, daemon("narthex-scrape-worker"));
        this.hostname = localHostname();
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Replaces the configuration; takes effect at once when started, else at {@link #start()}. */
    public synchronized void applyConfig(GlobalConfig global, List<ScrapeConfig> scrapeConfigs) {
        configs = List.copyOf(scrapeConfigs);
        if (started) {
            reconcile();
        }
    }

    public synchronized void start() {
        if (!started) {
            started = true;
            reconcile();
        }
    }

    private void reconcile() {
        Map<String, ScrapePool> next = new LinkedHashMap<>();
        List<Runnable> stops = new ArrayList<>();
        for (ScrapeConfig c : configs) {
            ScrapePool old = pools.remove(c.jobName());
            if (old != null && old.config().equals(c)) {
                next.put(c.jobName(), old);
                continue;
            }
            ScrapePool p = new ScrapePool(c, storage, client, scheduler, workers);
            Set<String> continuing = new HashSet<>(p.discover());
            if (old != null) {
                // The old loops finish before the new ones start, so a target never has two writers.
                old.stop(true, continuing);
            }
            p.start();
            next.put(c.jobName(), p);
        }
        for (ScrapePool removed : pools.values()) {
            stops.add(() -> removed.stop(true, Set.of()));
        }
        pools = next;
        stops.forEach(Runnable::run);
    }

    /** Stops every loop without stale markers (a restarting server continues the series). */
    public synchronized void stop() {
        for (ScrapePool p : pools.values()) {
            p.stop(false, Set.of());
        }
        pools = new LinkedHashMap<>();
        started = false;
    }

    @Override
    public void close() {
        stop();
        scheduler.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }

    /** The job names of the running configuration, in configuration order. */
    public synchronized List<String> scrapePools() {
        return List.copyOf(pools.keySet());
    }

    public synchronized List<ActiveTarget> activeTargets() {
        List<ActiveTarget> out = new ArrayList<>();
        pools.forEach((job, p) -> {
            for (ScrapeLoop l : p.activeLoops()) {
                out.add(new ActiveTarget(job, l.target(), globalUrl(l.target().scrapeUrl())));
            }
        });
        return out;
    }

    public synchronized List<DroppedTarget> droppedTargets() {
        List<DroppedTarget> out = new ArrayList<>();
        pools.forEach((job, p) -> p.droppedTargets().forEach(l -> out.add(new DroppedTarget(job, l))));
        return out;
    }

    public synchronized List<TargetMetadata> metadata() {
        List<TargetMetadata> out = new ArrayList<>();
        for (ScrapePool p : pools.values()) {
            for (ScrapeLoop l : p.activeLoops()) {
                l.metadata().forEach(m -> out.add(new TargetMetadata(l.target(), m)));
            }
        }
        return out;
    }

    /** Prometheus's globalUrl: the scrape URL with a loopback host replaced by this machine's name. */
    String globalUrl(String url) {
        for (String local : new String[] {"://localhost", "://127.0.0.1", "://[::1]"}) {
            int i = url.indexOf(local);
            if (i >= 0) {
                return url.substring(0, i + 3) + hostname + url.substring(i + local.length());
            }
        }
        return url;
    }
}
