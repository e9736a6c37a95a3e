package dev.narthex.scraper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.narthex.scraper.config.ScrapeConfig;
import dev.narthex.storage.tsdb.Tsdb;
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
}
