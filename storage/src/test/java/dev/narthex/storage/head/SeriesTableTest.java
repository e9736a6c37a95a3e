package dev.narthex.storage.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.index.MemPostings;
import dev.narthex.storage.labels.SymbolTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesTableTest {
    @Test
    void seriesSharingAHashAreKeptApart() {
        MemPostings postings = new MemPostings();
        SeriesTable table = new SeriesTable(new SymbolTable(), postings, new HeadStats());
        Labels a = Labels.of("__name__", "a");
        Labels b = Labels.of("__name__", "b");
        Labels c = Labels.of("__name__", "c");
        long collision = 42;
        HeadSeries sa = table.getOrCreate(a, collision);
        HeadSeries sb = table.getOrCreate(b, collision);
        HeadSeries sc = table.getOrCreate(c, collision);
        assertNotSame(sa, sb);
        assertSame(sa, table.getOrCreate(a, collision));
        assertSame(sb, table.byLabels(b, collision));
        assertSame(sc, table.byId(sc.id));
        table.remove(sb);
        assertNull(table.byLabels(b, collision));
        assertNull(table.byId(sb.id));
        assertSame(sa, table.byLabels(a, collision));
        assertSame(sc, table.byLabels(c, collision));
        assertEquals(2, postings.select(List.of(Matcher.regex("__name__", ".+"))).getCardinality());
    }

    @Test
    void hashStripesFindExactlyTheLiveSeriesUnderRandomChurn() {
        SeriesTable table = new SeriesTable(new SymbolTable(), new MemPostings(), new HeadStats());
        Random r = new Random(11);
        Map<Integer, HeadSeries> live = new HashMap<>();
        Map<Integer, HeadSeries> removed = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            int k = r.nextInt(2000);
            Labels labels = Labels.of("k", Integer.toString(k));
            if (r.nextInt(3) == 0 && live.containsKey(k)) {
                HeadSeries s = live.remove(k);
                s.removed = true;
                table.remove(s);
                removed.put(k, s);
            } else if (!live.containsKey(k)) {
                live.put(k, table.getOrCreate(labels, hashOf(k)));
            }
            int probe = r.nextInt(2000);
            HeadSeries found = table.byLabels(Labels.of("k", Integer.toString(probe)), hashOf(probe));
            assertSame(live.get(probe), found);
        }
        for (Map.Entry<Integer, HeadSeries> e : live.entrySet()) {
            assertSame(e.getValue(), table.byId(e.getValue().id));
        }
        for (Map.Entry<Integer, HeadSeries> e : removed.entrySet()) {
            if (!live.containsKey(e.getKey())) {
                assertNull(table.byId(e.getValue().id));
            }
        }
    }

    /** Sixteen distinct hashes, all in stripe 7, so keys share hashes and probe runs are long. */
    private static long hashOf(int k) {
        return ((long) (k % 16) << 40) | 7;
    }

    @Test
    void longObjectMapBehavesLikeAHashMapUnderRandomChurn() {
        Random r = new Random(5);
        LongObjectMap<Long> map = new LongObjectMap<>();
        Map<Long, Long> model = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            long key = r.nextInt(3000) * 1024L; // clustered keys make long probe runs
            switch (r.nextInt(3)) {
                case 0 -> {
                    map.put(key, (long) i);
                    model.put(key, (long) i);
                }
                case 1 -> {
                    map.remove(key);
                    model.remove(key);
                }
                default -> assertEquals(model.get(key), map.get(key));
            }
        }
        assertEquals(model.size(), map.size());
        model.forEach((k, v) -> assertEquals(v, map.get(k)));
    }
}
