package dev.narthex.scraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.scraper.config.ScrapeConfig;
import dev.narthex.storage.Appendable;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The steady state of a scrape allocates nothing per sample on the thread that parses and appends: the
 * same body scraped again and again costs the same bytes per scrape whether it holds 1,000 or 10,000
 * series. Storage is a counting sink that itself allocates only for new series, so what is measured is
 * the scrape path (parser, scrape cache, staleness tracking, synthetic series).
 */
class ScrapeAllocationTest {
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private TestTarget server;
    private ScrapeHttpClient client;
    private ExecutorService worker;
    private final CountingStorage storage = new CountingStorage();

    @BeforeEach
    void setUp() throws Exception {
        server = new TestTarget();
        client = new ScrapeHttpClient(1);
        worker = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void tearDown() {
        server.close();
        client.close();
        worker.shutdownNow();
    }

    @Test
    void steadyStateScrapeAllocatesNothingPerSample() throws Exception {
        assertTrue(MX.isThreadAllocatedMemorySupported());
        MX.setThreadAllocatedMemoryEnabled(true);
        long small = bytesPerScrape(1_000);
        long large = bytesPerScrape(10_000);
        double perSample = (double) (large - small) / 9_000;
        assertTrue(perSample < 0.5, "bytes allocated per extra sample: " + perSample
                + " (per scrape: " + small + " B with 1,000 series, " + large + " B with 10,000)");
    }

    /** Median bytes the worker thread allocates per scrape of a {@code series}-series body, once warm. */
    private long bytesPerScrape(int series) throws Exception {
        StringBuilder sb = new StringBuilder("# HELP bench_requests_total Requests.\n# TYPE bench_requests_total counter\n");
        for (int s = 0; s < series; s++) {
            sb.append("bench_requests_total{path=\"/p").append(s % 100).append("\",code=\"").append(200 + s / 100)
                    .append("\",shard=\"").append(s).append("\"} ").append(1000 + s % 997).append('\n');
        }
        server.body = sb.toString();
        ScrapeConfig cfg = ScrapeLoopTest.config("job_name: j\nscrape_interval: 10s\nscrape_timeout: 5s\n");
        Target target = TargetBuilder.build(cfg, Map.of("__address__", server.address()), Map.of()).target();
        ScrapeLoop loop = new ScrapeLoop(target, cfg, storage, client);
        long t = 1_000;
        for (int k = 0; k < 150; k++) {
            loop.scrape(t += 1000, worker).join();
        }
        long seriesBefore = storage.series;
        long[] perScrape = new long[11];
        for (int k = 0; k < perScrape.length; k++) {
            long before = worker.submit(MX::getCurrentThreadAllocatedBytes).get();
            loop.scrape(t += 1000, worker).join();
            perScrape[k] = worker.submit(MX::getCurrentThreadAllocatedBytes).get() - before;
        }
        assertEquals(seriesBefore, storage.series, "no new series once warm");
        assertEquals((double) (1000 + (series - 1) % 997), storage.lastValue, "the last sample's value was appended");
        loop.stop(false);
        java.util.Arrays.sort(perScrape);
        return perScrape[perScrape.length / 2];
    }

    /** Counts samples and hands out series refs; allocates only when it meets a series without a ref. */
    private static final class CountingStorage implements Appendable, Appender {
        long series;
        double lastValue;

        @Override
        public Appender appender() {
            return this;
        }

        @Override
        public long append(long ref, Labels labels, long t, double v) {
            if (ref == 0) {
                ref = ++series;
            }
            if (labels.metricName().equals("bench_requests_total")) {
                lastValue = v;
            }
            return ref;
        }

        @Override
        public void commit() {
        }

        @Override
        public void rollback() {
        }
    }
}
