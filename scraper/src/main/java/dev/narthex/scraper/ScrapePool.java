package dev.narthex.scraper;

import dev.narthex.scraper.config.ScrapeConfig;
import dev.narthex.scraper.discovery.FileSd;
import dev.narthex.scraper.discovery.TargetGroup;
import dev.narthex.storage.Appendable;
import dev.narthex.storage.Labels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The targets and scrape loops of one job. Discovery providers (static groups and file SD) hand over
 * their groups; every change rebuilds the target list and syncs the loops: unchanged targets keep their
 * running loop, new ones start, vanished ones stop with stale markers. Thread-safe (synchronized).
 */
final class ScrapePool {
    private static final Logger LOG = LoggerFactory.getLogger(ScrapePool.class);

    private final ScrapeConfig cfg;
    private final Appendable storage;
    private final ScrapeHttpClient client;
    private final ScheduledExecutorService scheduler;
    private final Executor workers;
    private final Map<Integer, List<TargetGroup>> groupsByProvider = new LinkedHashMap<>();
    private final List<FileSd> fileSds = new ArrayList<>();
    private Map<String, ScrapeLoop> loops = new LinkedHashMap<>();
    private List<Labels> dropped = List.of();
    private boolean running;

    ScrapePool(ScrapeConfig cfg, Appendable storage, ScrapeHttpClient client, ScheduledExecutorService scheduler, Executor workers) {
        this.cfg = cfg;
        this.storage = storage;
        this.client = client;
        this.scheduler = scheduler;
        this.workers = workers;
    }

    ScrapeConfig config() {
        return cfg;
    }

    /**
     * Reads the static groups and the file SD files once, without scraping yet, and returns the identities
     * of the targets they yield (so a pool being replaced can stop those loops without stale markers).
     */
    synchronized Set<String> discover() {
        groupsByProvider.put(0, cfg.staticConfigs());
        int provider = 1;
        for (var f : cfg.fileSdConfigs()) {
            int id = provider++;
            try {
                FileSd sd = new FileSd(f, groups -> update(id, groups));
                fileSds.add(sd);
                sd.refresh();
            } catch (IOException e) {
                LOG.error("file_sd for job {} failed to start: {}", cfg.jobName(), e.getMessage());
            }
        }
        return buildTargets(new ArrayList<>()).keySet();
    }

    /** Starts the loops of the discovered targets and keeps watching the files. */
    synchronized void start() {
        running = true;
        sync();
        for (FileSd sd : fileSds) {
            sd.start();
        }
    }

    private synchronized void update(int provider, List<TargetGroup> groups) {
        groupsByProvider.put(provider, groups);
        if (running) {
            sync();
        }
    }

    private Map<String, Target> buildTargets(List<Labels> droppedOut) {
        Map<String, Target> wanted = new LinkedHashMap<>();
        for (List<TargetGroup> groups : groupsByProvider.values()) {
            for (TargetGroup g : groups) {
                for (TargetBuilder.Result r : TargetBuilder.fromGroup(cfg, g)) {
                    if (r.error() != null) {
                        LOG.error("Creating target failed for job {}: {}", cfg.jobName(), r.error());
                    } else if (r.target() == null) {
                        if (cfg.keepDroppedTargets() == 0 || droppedOut.size() < cfg.keepDroppedTargets()) {
                            droppedOut.add(r.discoveredLabels());
                        }
                    } else {
                        wanted.putIfAbsent(r.target().key(), r.target());
                    }
                }
            }
        }
        return wanted;
    }

    private void sync() {
        List<Labels> droppedNow = new ArrayList<>();
        Map<String, Target> wanted = buildTargets(droppedNow);
        dropped = List.copyOf(droppedNow);
        // Decided before any loop starts, so no target of an over-limit job is scraped even once.
        String limitError = cfg.targetLimit() > 0 && wanted.size() > cfg.targetLimit()
                ? "target_limit exceeded (number of targets: " + wanted.size() + ", limit: " + cfg.targetLimit() + ")"
                : null;
        Map<String, ScrapeLoop> next = new LinkedHashMap<>();
        for (Map.Entry<String, Target> e : wanted.entrySet()) {
            ScrapeLoop l = loops.remove(e.getKey());
            if (l == null) {
                l = new ScrapeLoop(e.getValue(), cfg, storage, client);
                l.setForcedError(limitError);
                l.start(scheduler, workers);
            } else {
                l.setForcedError(limitError);
            }
            next.put(e.getKey(), l);
        }
        if (!loops.isEmpty()) {
            // Off the worker pool: a stop waits for the loop's scrape in flight, which needs a worker.
            List<ScrapeLoop> gone = new ArrayList<>(loops.values());
            Thread t = new Thread(() -> gone.parallelStream().forEach(l -> l.stop(true)), "narthex-scrape-stop-" + cfg.jobName());
            t.setDaemon(true);
            t.start();
        }
        loops = next;
    }

    /**
     * Stops discovery and every loop; loops of targets in {@code continuing} (which a replacing pool now
     * scrapes) stop without stale markers, the others with stale markers when {@code staleMarkers}.
     */
    synchronized void stop(boolean staleMarkers, Set<String> continuing) {
        running = false;
        for (FileSd sd : fileSds) {
            sd.close();
        }
        loops.entrySet().parallelStream().forEach(e -> e.getValue().stop(staleMarkers && !continuing.contains(e.getKey())));
        loops = new LinkedHashMap<>();
    }

    synchronized List<ScrapeLoop> activeLoops() {
        return new ArrayList<>(loops.values());
    }

    synchronized List<Labels> droppedTargets() {
        return dropped;
    }
}
