package dev.narthex.scraper;

import dev.narthex.storage.text.GoQuote;
import dev.narthex.scraper.config.ScrapeConfig;
import dev.narthex.scraper.parse.Entry;
import dev.narthex.scraper.parse.Exemplar;
import dev.narthex.scraper.parse.ExpositionParser;
import dev.narthex.scraper.parse.OpenMetricsParser;
import dev.narthex.scraper.parse.ParseException;
import dev.narthex.scraper.parse.PromTextParser;
import dev.narthex.storage.relabel.Relabeler;
import dev.narthex.storage.Appendable;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.StaleNaN;
import dev.narthex.storage.StorageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes one target every interval and appends what it finds, with Prometheus's semantics: one appender
 * per scrape, committed at the end or rolled back on any failure (then only {@code up=0}, the scrape
 * report and stale markers are written); stale markers for series that disappear; synthetic
 * {@code up} and {@code scrape_*} series. At most one scrape in flight; a tick that finds the previous
 * scrape still running is skipped. The cache and parsers are touched only by the thread processing the
 * current scrape.
 */
final class ScrapeLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ScrapeLoop.class);
    private static final String[] REPORT_NAMES = {"up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added"};

    private final Target target;
    private final ScrapeConfig cfg;
    private final Appendable storage;
    private final HttpScraper http;
    private final String setupError;
    private final ScrapeCache cache = new ScrapeCache();
    private final PromTextParser textParser = new PromTextParser();
    private final OpenMetricsParser omParser = new OpenMetricsParser();
    private final Labels[] reportLabels = new Labels[REPORT_NAMES.length];
    private final long[] reportRefs = new long[REPORT_NAMES.length];
    private final Map<String, MetricMetadata> metadata = new ConcurrentHashMap<>();
    private final AtomicBoolean inFlight = new AtomicBoolean();

    private ScrapeCache.Entry[] touched = new ScrapeCache.Entry[256];
    private int touchedCount;
    private long iteration;
    private boolean reportWritten;
    private volatile String forcedError;
    private volatile boolean stopped;
    private volatile CompletableFuture<Void> current = CompletableFuture.completedFuture(null);
    private ScheduledFuture<?> ticker;

    ScrapeLoop(Target target, ScrapeConfig cfg, Appendable storage, ScrapeHttpClient client) {
        this.target = target;
        this.cfg = cfg;
        this.storage = storage;
        HttpScraper h = null;
        String err = null;
        try {
            h = new HttpScraper(client, target, cfg);
        } catch (ScrapeFailure e) {
            err = e.getMessage();
        }
        this.http = h;
        this.setupError = err;
        for (int i = 0; i < REPORT_NAMES.length; i++) {
            reportLabels[i] = target.publicLabels().toBuilder().set(Labels.METRIC_NAME, REPORT_NAMES[i]).build();
        }
    }

    Target target() {
        return target;
    }

    Collection<MetricMetadata> metadata() {
        return metadata.values();
    }

    /** Starts ticking at a stable per-target phase within the interval, as Prometheus spreads targets. */
    synchronized void start(ScheduledExecutorService scheduler, Executor workers) {
        long interval = target.intervalMs();
        long delay = initialDelay(System.currentTimeMillis(), interval, target.offsetHash());
        ticker = scheduler.scheduleAtFixedRate(() -> tick(workers), delay, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Milliseconds from {@code now} to the target's first scrape: its phase ({@code hash mod interval})
     * measured from interval boundaries of absolute time, so the phase survives restarts; in (0, interval].
     */
    static long initialDelay(long now, long interval, long hash) {
        long next = interval - Math.floorMod(now, interval) + Long.remainderUnsigned(hash, interval);
        return next > interval ? next - interval : next;
    }

    private void tick(Executor workers) {
        if (stopped || !inFlight.compareAndSet(false, true)) {
            return;
        }
        current = scrape(System.currentTimeMillis(), workers).whenComplete((v, e) -> {
            inFlight.set(false);
            if (e != null) {
                LOG.warn("scrape of {} failed unexpectedly", target.scrapeUrl(), e);
            }
        });
    }

    /** One scrape starting now-ish at {@code startMs}: fetch, then parse and append on {@code workers}. */
    CompletableFuture<Void> scrape(long startMs, Executor workers) {
        long startNanos = System.nanoTime();
        String forced = forcedError != null ? forcedError : setupError;
        if (forced != null) {
            return CompletableFuture.runAsync(() -> process(startMs, startNanos, forced), workers);
        }
        return http.scrape().handleAsync((v, e) -> {
            String error = null;
            if (e != null) {
                Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                error = c instanceof ScrapeFailure ? c.getMessage() : String.valueOf(c);
            }
            process(startMs, startNanos, error);
            return null;
        }, workers);
    }

    /** Makes every scrape fail with this error without contacting the target (null to clear). */
    void setForcedError(String error) {
        forcedError = error;
    }

    /**
     * Stops ticking, waits for a scrape in flight and, when {@code staleMarkers}, marks every series of the
     * last scrape stale at the time of removal.
     */
    void stop(boolean staleMarkers) {
        stopped = true;
        synchronized (this) {
            if (ticker != null) {
                ticker.cancel(false);
            }
        }
        try {
            current.get(target.timeoutMs() + 5000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debug("scrape in flight at stop ended with {}", e.toString());
        }
        if (staleMarkers) {
            appendEndOfRunStaleness(System.currentTimeMillis());
        }
        if (http != null) {
            http.close();
        }
    }

    private synchronized void appendEndOfRunStaleness(long t) {
        Appender app = storage.appender();
        try {
            long last = iteration;
            cache.forEach(e -> {
                if (e.seen == last && !e.dropped) {
                    appendStale(app, e, t);
                }
            });
            if (reportWritten) {
                for (int i = 0; i < REPORT_NAMES.length; i++) {
                    appendQuiet(app, reportRefs[i], reportLabels[i], t, StaleNaN.VALUE);
                }
            }
            app.commit();
        } catch (RuntimeException e) {
            app.rollback();
            LOG.warn("end-of-run stale markers for {} failed", target.scrapeUrl(), e);
        }
    }

    private synchronized void process(long startMs, long startNanos, String scrapeError) {
        iteration++;
        touchedCount = 0;
        int[] counts = new int[3];
        String error = scrapeError;
        Appender app = storage.appender();
        if (error == null) {
            try {
                appendBody(app, startMs, counts);
            } catch (ScrapeFailure f) {
                error = f.getMessage();
                app.rollback();
                undoTouched();
                app = storage.appender();
            } catch (RuntimeException e) {
                error = String.valueOf(e.getMessage());
                app.rollback();
                undoTouched();
                app = storage.appender();
            }
        }
        try {
            appendStaleForMissing(app, startMs);
            double duration = (System.nanoTime() - startNanos) / 1e9;
            double[] values = {error == null ? 1 : 0, duration, counts[0], counts[1], counts[2]};
            for (int i = 0; i < values.length; i++) {
                reportRefs[i] = appendQuiet(app, reportRefs[i], reportLabels[i], startMs, values[i]);
            }
            reportWritten = true;
            app.commit();
            target.report(startMs, duration, error);
        } catch (RuntimeException e) {
            app.rollback();
            target.report(startMs, (System.nanoTime() - startNanos) / 1e9, String.valueOf(e.getMessage()));
            LOG.warn("appending scrape report of {} failed", target.scrapeUrl(), e);
        }
        for (int i = 0; i < touchedCount; i++) {
            touched[i].createdThisScrape = false;
        }
        cache.evict(iteration);
    }

    private void appendBody(Appender app, long startMs, int[] counts) throws ScrapeFailure {
        ExpositionParser p = parserFor(http.contentType());
        byte[] body = http.body();
        p.reset(body, 0, http.bodyLength());
        cache.startScrape();
        boolean honorTs = cfg.honorTimestamps();
        long sampleLimit = cfg.sampleLimit();
        boolean limitExceeded = false;
        int total = 0;
        int added = 0;
        int seriesAdded = 0;
        int exemplarsOutOfOrder = 0;
        Map<String, MetricMetadata> seenMeta = null;
        try {
            for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
                switch (e) {
                    case SERIES -> {
                        total++;
                        int from = p.seriesStart();
                        int to = p.seriesEnd();
                        ScrapeCache.Entry ce = cache.find(body, from, to);
                        boolean isNew = false;
                        if (ce == null) {
                            // Labels are built and checked before caching, so a failing check caches nothing.
                            Labels lset = sampleLabels(p.labels());
                            boolean dropped = lset == null || lset.isEmpty();
                            if (!dropped) {
                                checkLabels(lset);
                            }
                            ce = cache.add(body, from, to);
                            ce.createdThisScrape = true;
                            ce.dropped = dropped;
                            ce.labels = lset;
                            isNew = true;
                        }
                        if (ce.dropped) {
                            ce.lastUsed = iteration;
                            continue;
                        }
                        added++;
                        if (sampleLimit > 0 && added > sampleLimit) {
                            limitExceeded = true;
                            continue;
                        }
                        if (limitExceeded) {
                            continue;
                        }
                        boolean explicitTs = honorTs && p.hasTimestamp();
                        long t = explicitTs ? p.timestamp() : startMs;
                        touch(ce);
                        try {
                            long ref = app.append(ce.ref, ce.labels, t, p.value());
                            if (ref != 0) {
                                ce.ref = ref;
                            }
                        } catch (StorageException.OutOfOrder | StorageException.DuplicateTimestamp | StorageException.OutOfBounds ex) {
                            if (p.hasExemplar() && !appendExemplar(app, p, ce, t)) {
                                exemplarsOutOfOrder++;
                            }
                            continue;
                        }
                        if (p.hasExemplar() && !appendExemplar(app, p, ce, t)) {
                            exemplarsOutOfOrder++;
                        }
                        if (isNew) {
                            seriesAdded++;
                        }
                        if (!explicitTs || cfg.trackTimestampsStaleness()) {
                            ce.seen = iteration;
                        }
                    }
                    case TYPE, HELP, UNIT -> {
                        if (seenMeta == null) {
                            seenMeta = new TreeMap<>();
                        }
                        String name = p.metricName();
                        MetricMetadata old = seenMeta.getOrDefault(name, new MetricMetadata(name, "unknown", "", ""));
                        seenMeta.put(name, switch (e) {
                            case TYPE -> new MetricMetadata(name, p.type().text(), old.help(), old.unit());
                            case HELP -> new MetricMetadata(name, old.type(), p.help(), old.unit());
                            default -> new MetricMetadata(name, old.type(), old.help(), p.unit());
                        });
                    }
                    default -> {
                    }
                }
            }
        } catch (ParseException ex) {
            counts[0] = total;
            throw new ScrapeFailure(ex.reason());
        } finally {
            counts[0] = total;
            counts[1] = added;
            counts[2] = seriesAdded;
        }
        if (exemplarsOutOfOrder > 0) {
            LOG.atWarn().addKeyValue("target", target.scrapeUrl()).addKeyValue("num_dropped", exemplarsOutOfOrder)
                    .log("Error on ingesting out-of-order exemplars");
        }
        if (limitExceeded) {
            throw new ScrapeFailure("sample limit exceeded");
        }
        if (seenMeta != null) {
            metadata.keySet().retainAll(seenMeta.keySet());
            metadata.putAll(seenMeta);
        } else {
            metadata.clear();
        }
    }

    /**
     * Appends the current line's exemplar, as Prometheus does after the sample whether or not the sample
     * was accepted; one without a timestamp takes the sample's. Exemplar errors never fail the scrape;
     * returns false for an out-of-order exemplar, which the scrape reports in one warning.
     */
    private boolean appendExemplar(Appender app, ExpositionParser p, ScrapeCache.Entry ce, long t) {
        Exemplar ex = p.exemplar();
        try {
            app.appendExemplar(ce.ref, ce.labels, ex.labels(), ex.value(), ex.hasTimestamp() ? ex.timestamp() : t,
                    ex.hasTimestamp());
        } catch (StorageException.OutOfOrderExemplar e) {
            return false;
        } catch (StorageException e) {
            LOG.debug("exemplar {} of {} not added: {}", ex, ce.labels, e.getMessage());
        }
        return true;
    }

    private ExpositionParser parserFor(String contentType) throws ScrapeFailure {
        String fallback = cfg.fallbackScrapeProtocol();
        String media = contentType.isEmpty() ? "" : mediaType(contentType);
        if (contentType.isEmpty()) {
            if (fallback.isEmpty()) {
                throw new ScrapeFailure("non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target");
            }
            media = fallback;
        } else if (!media.equals("application/openmetrics-text") && !media.equals("text/plain")) {
            if (fallback.isEmpty() || media.equals("application/vnd.google.protobuf")) {
                throw new ScrapeFailure("received unsupported Content-Type " + GoQuote.quote(contentType)
                        + " and no fallback_scrape_protocol specified for target");
            }
            media = fallback;
        }
        return media.equals("application/openmetrics-text") ? omParser : textParser;
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** Target labels merged as Prometheus's mutateSampleLabels does, then metric relabeling; null when dropped. */
    private Labels sampleLabels(Labels scraped) {
        if (cfg.metricRelabelConfigs().isEmpty()) {
            Labels merged = mergeSorted(scraped, target.publicLabels(), cfg.honorLabels());
            if (merged != null) {
                return merged;
            }
        }
        TreeMap<String, String> lb = new TreeMap<>();
        for (int i = 0; i < scraped.size(); i++) {
            lb.put(scraped.name(i), scraped.value(i));
        }
        Labels tl = target.publicLabels();
        if (cfg.honorLabels()) {
            for (int i = 0; i < tl.size(); i++) {
                if (!scraped.has(tl.name(i))) {
                    lb.put(tl.name(i), tl.value(i));
                }
            }
        } else {
            List<String[]> conflicts = new ArrayList<>();
            for (int i = 0; i < tl.size(); i++) {
                String existing = scraped.get(tl.name(i));
                if (existing != null && !existing.isEmpty()) {
                    conflicts.add(new String[] {tl.name(i), existing});
                }
                lb.put(tl.name(i), tl.value(i));
            }
            conflicts.sort((a, b) -> a[0].length() - b[0].length());
            for (String[] c : conflicts) {
                String name = c[0];
                do {
                    name = "exported_" + name;
                } while (lb.containsKey(name));
                lb.put(name, c[1]);
            }
        }
        if (!cfg.metricRelabelConfigs().isEmpty() && !Relabeler.process(lb, cfg.metricRelabelConfigs())) {
            return null;
        }
        return Labels.of(lb);
    }

    /**
     * The common case of {@link #sampleLabels} in one merge of two sorted sets, without relabeling: the
     * union, scraped values winning under {@code honor_labels}; null when a name is in both without
     * {@code honor_labels} (the scraped one must then be renamed exported_*).
     */
    static Labels mergeSorted(Labels scraped, Labels targetLabels, boolean honorLabels) {
        int ns = scraped.size();
        int nt = targetLabels.size();
        String[] out = new String[2 * (ns + nt)];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < ns || j < nt) {
            int c = i == ns ? 1 : j == nt ? -1 : scraped.name(i).compareTo(targetLabels.name(j));
            String name;
            String value;
            if (c < 0) {
                name = scraped.name(i);
                value = scraped.value(i++);
            } else if (c > 0) {
                name = targetLabels.name(j);
                value = targetLabels.value(j++);
            } else if (honorLabels) {
                name = scraped.name(i);
                value = scraped.value(i++);
                j++;
            } else {
                return null;
            }
            if (!value.isEmpty()) {
                out[n++] = name;
                out[n++] = value;
            }
        }
        return Labels.ofSorted(n == out.length ? out : Arrays.copyOf(out, n));
    }

    private void checkLabels(Labels lset) throws ScrapeFailure {
        String met = truncate(lset.metricName() == null ? "" : lset.metricName());
        if (lset.metricName() == null || lset.metricName().isEmpty()) {
            throw new ScrapeFailure("missing metric name (__name__ label)");
        }
        if (cfg.labelLimit() > 0 && lset.size() > cfg.labelLimit()) {
            throw new ScrapeFailure("label_limit exceeded (metric: " + met + ", number of labels: " + lset.size()
                    + ", limit: " + cfg.labelLimit() + ")");
        }
        for (int i = 0; i < lset.size(); i++) {
            String n = lset.name(i);
            String v = lset.value(i);
            int nameLen = n.codePointCount(0, n.length());
            if (cfg.labelNameLengthLimit() > 0 && nameLen > cfg.labelNameLengthLimit()) {
                throw new ScrapeFailure("label_name_length_limit exceeded (metric: " + met + ", label name: " + truncate(n)
                        + ", length: " + nameLen + ", limit: " + cfg.labelNameLengthLimit() + ")");
            }
            int valueLen = v.codePointCount(0, v.length());
            if (cfg.labelValueLengthLimit() > 0 && valueLen > cfg.labelValueLengthLimit()) {
                throw new ScrapeFailure("label_value_length_limit exceeded (metric: " + met + ", label name: " + truncate(n)
                        + ", value: " + GoQuote.quote(truncate(v)) + ", length: " + valueLen + ", limit: "
                        + cfg.labelValueLengthLimit() + ")");
            }
        }
    }

    private static String truncate(String s) {
        return s.codePointCount(0, s.length()) <= 50 ? s : s.substring(0, s.offsetByCodePoints(0, 50));
    }

    private void touch(ScrapeCache.Entry ce) {
        if (ce.lastUsed == iteration) {
            return;
        }
        ce.lastUsed = iteration;
        ce.prevSeen = ce.seen;
        if (touchedCount == touched.length) {
            touched = Arrays.copyOf(touched, touchedCount * 2);
        }
        touched[touchedCount++] = ce;
    }

    /** Forgets what a rolled-back scrape recorded: staleness tracking, and refs the storage never committed. */
    private void undoTouched() {
        for (int i = 0; i < touchedCount; i++) {
            ScrapeCache.Entry e = touched[i];
            e.seen = e.prevSeen;
            if (e.createdThisScrape) {
                e.ref = 0;
            }
        }
    }

    private void appendStaleForMissing(Appender app, long t) {
        long prev = iteration - 1;
        cache.forEach(e -> {
            if (e.seen == prev && !e.dropped) {
                appendStale(app, e, t);
            }
        });
    }

    private static void appendStale(Appender app, ScrapeCache.Entry e, long t) {
        e.ref = appendQuiet(app, e.ref, e.labels, t, StaleNaN.VALUE);
    }

    /** Appends, ignoring the per-sample rejections Prometheus also only counts (out of order, bounds). */
    private static long appendQuiet(Appender app, long ref, Labels labels, long t, double v) {
        try {
            long r = app.append(ref, labels, t, v);
            return r != 0 ? r : ref;
        } catch (StorageException.OutOfOrder | StorageException.DuplicateTimestamp | StorageException.OutOfBounds e) {
            return ref;
        }
    }
}
