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
