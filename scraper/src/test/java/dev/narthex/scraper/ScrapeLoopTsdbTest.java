package dev.narthex.scraper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.narthex.scraper.config.ScrapeConfig;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.exemplar.Exemplar;
import dev.narthex.storage.exemplar.SeriesExemplars;
import dev.narthex.storage.tsdb.Tsdb;
import dev.narthex.storage.tsdb.TsdbOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The scrape loop against the real head: cached series refs, stale markers, rollback of a failed scrape. */
class ScrapeLoopTsdbTest {
    @Test
    void steadyStateThroughSeriesRefs() throws Exception {
        ExecutorService workers = Executors.newSingleThreadExecutor();
        try (TestTarget server = new TestTarget(); ScrapeHttpClient client = new ScrapeHttpClient(1); Tsdb db = Tsdb.inMemory()) {
            ScrapeConfig cfg = ScrapeLoopTest.config("job_name: j\nscrape_timeout: 3s\nsample_limit: 3\n");
            Target t = TargetBuilder.build(cfg, Map.of("__address__", server.address()), Map.of()).target();
            ScrapeLoop loop = new ScrapeLoop(t, cfg, db, client);
            String inst = server.address();
            server.body = "a 1\nb{x=\"1\"} 2\n";
            loop.scrape(1000, workers).join();
            server.body = "a 2\nb{x=\"1\"} 3\n";
            loop.scrape(2000, workers).join();
            server.body = "a 3\n";
            loop.scrape(3000, workers).join();
            server.body = "a 4\nb{x=\"1\"} 5\nc 1\nd 1\n";
            loop.scrape(4000, workers).join();
            server.body = "a 5\nb{x=\"1\"} 6\n";
            loop.scrape(5000, workers).join();
            assertEquals(List.of("1@1000", "2@2000", "3@3000", "stale@4000", "5@5000"),
                    StorageDump.series(db, "__name__", "a", "instance", inst, "job", "j"));
            assertEquals(List.of("2@1000", "3@2000", "stale@3000", "6@5000"),
                    StorageDump.series(db, "__name__", "b", "instance", inst, "job", "j", "x", "1"));
            assertEquals(List.of("1@1000", "1@2000", "1@3000", "0@4000", "1@5000"),
                    StorageDump.series(db, "__name__", "up", "instance", inst, "job", "j"));
            assertEquals(List.of(), StorageDump.series(db, "__name__", "c", "instance", inst, "job", "j"));
        } finally {
            workers.shutdownNow();
        }
    }

    /**
     * OpenMetrics exemplars reach the exemplar storage: one without a timestamp takes the scrape's and is
     * stored once however often it is scraped again; a Prometheus text body carries none.
     */
    @Test
    void openMetricsExemplarsAreStored() throws Exception {
        ExecutorService workers = Executors.newSingleThreadExecutor();
        try (TestTarget server = new TestTarget(); ScrapeHttpClient client = new ScrapeHttpClient(1);
             Tsdb db = Tsdb.inMemory(TsdbOptions.defaults().withMaxExemplars(100))) {
            ScrapeConfig cfg = ScrapeLoopTest.config("job_name: j\nscrape_timeout: 3s\n");
            Target t = TargetBuilder.build(cfg, Map.of("__address__", server.address()), Map.of()).target();
            ScrapeLoop loop = new ScrapeLoop(t, cfg, db, client);
            server.contentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
            server.body = "# TYPE req counter\nreq_total 3 # {trace_id=\"abc\"} 1.5\n"
                    + "# TYPE lat histogram\nlat_bucket{le=\"0.5\"} 2 # {trace_id=\"def\",span_id=\"\"} 0.25 1.5\n"
                    + "lat_bucket{le=\"+Inf\"} 2\nlat_count 2\nlat_sum 0.5\n# EOF\n";
            loop.scrape(10_000, workers).join();
            loop.scrape(20_000, workers).join();
            server.body = server.body.replace("1.5\n# TYPE lat", "1.75\n# TYPE lat");
            loop.scrape(30_000, workers).join();
            server.contentType = "text/plain; version=0.0.4";
            server.body = "req_total 4\n";
            loop.scrape(40_000, workers).join();
            List<String> got = new ArrayList<>();
            for (SeriesExemplars se : db.exemplars().selectExemplars(Long.MIN_VALUE, Long.MAX_VALUE,
                    List.of(List.of(Matcher.regex("__name__", ".+"))))) {
                for (Exemplar e : se.exemplars()) {
                    got.add(se.seriesLabels() + " " + e.labels() + " " + e.value() + "@" + e.timestamp());
                }
            }
            String inst = server.address();
            Labels lat = Labels.of("__name__", "lat_bucket", "instance", inst, "job", "j", "le", "0.5");
            Labels req = Labels.of("__name__", "req_total", "instance", inst, "job", "j");
            assertEquals(List.of(lat + " {trace_id=\"def\"} 0.25@1500",
                    req + " {trace_id=\"abc\"} 1.5@10000",
                    req + " {trace_id=\"abc\"} 1.75@30000"), got);
        } finally {
            workers.shutdownNow();
        }
    }
}
