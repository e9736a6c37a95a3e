package dev.narthex.scraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScrapeCacheTest {
    private final ScrapeCache cache = new ScrapeCache();

    /** One scrape of these series, in this order: the entry of each, adding the new ones, all used now. */
    private List<ScrapeCache.Entry> scrape(long iteration, String... series) {
        cache.startScrape();
        List<ScrapeCache.Entry> out = new ArrayList<>();
        for (String s : series) {
            byte[] line = ("  " + s + " 1\n").getBytes(StandardCharsets.UTF_8);
            int from = 2;
            int to = 2 + s.length();
            ScrapeCache.Entry e = cache.find(line, from, to);
            if (e == null) {
                e = cache.add(line, from, to);
            }
            e.lastUsed = iteration;
            out.add(e);
        }
        cache.evict(iteration);
        return out;
    }

    @Test
    void findsTheSameEntryWhateverTheOrder() {
        List<ScrapeCache.Entry> first = scrape(1, "a{x=\"1\"}", "a{x=\"2\"}", "b", "c");
        assertEquals(4, cache.size());
        List<ScrapeCache.Entry> same = scrape(2, "a{x=\"1\"}", "a{x=\"2\"}", "b", "c");
        assertEquals(first, same);
        List<ScrapeCache.Entry> shuffled = scrape(3, "c", "new", "a{x=\"2\"}", "b", "a{x=\"1\"}");
        assertSame(first.get(3), shuffled.get(0));
        assertSame(first.get(1), shuffled.get(2));
        assertSame(first.get(2), shuffled.get(3));
        assertSame(first.get(0), shuffled.get(4));
        assertEquals(5, cache.size());
        assertEquals(shuffled, scrape(4, "c", "new", "a{x=\"2\"}", "b", "a{x=\"1\"}"));
    }

    @Test
    void neverPredictsAnEvictedEntry() {
        List<ScrapeCache.Entry> old = scrape(1, "a", "gone", "b");
        for (long it = 2; it <= 12; it++) {
            scrape(it, "a");
        }
        assertEquals(1, cache.size(), "\"gone\" and \"b\" not met for over 10 scrapes");
        cache.startScrape();
        byte[] line = "gone".getBytes(StandardCharsets.UTF_8);
        assertNotNull(cache.find("a".getBytes(StandardCharsets.UTF_8), 0, 1));
        assertNull(cache.find(line, 0, line.length), "an evicted series is new again");
        List<ScrapeCache.Entry> again = scrape(13, "a", "gone", "b");
        assertSame(old.get(0), again.get(0));
        assertEquals(3, cache.size());
        assertEquals(again, scrape(14, "a", "gone", "b"));
    }
}
