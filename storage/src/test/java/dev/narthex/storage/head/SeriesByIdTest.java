package dev.narthex.storage.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesByIdTest {
    private static HeadSeries series(int id) {
        return new HeadSeries(id, id, new byte[0]);
    }

    @Test
    void findsSeriesAcrossPagesAndForgetsRemovedOnes() {
        SeriesById table = new SeriesById();
        List<HeadSeries> all = new ArrayList<>();
        for (int id = 1; id <= 10_000; id++) {
            HeadSeries s = series(id);
            table.put(s);
            all.add(s);
        }
        HeadSeries far = series(5_000_000); // beyond the initial page directory, as a WAL replay may restore
        table.put(far);
        for (HeadSeries s : all) {
            assertSame(s, table.get(s.id));
        }
        assertSame(far, table.get(5_000_000));
        assertNull(table.get(0));
        assertNull(table.get(10_001));
        assertNull(table.get(-1));
        assertNull(table.get(1L << 40));
        assertNull(table.get(Integer.MAX_VALUE));

        for (int id = 4096; id < 8192; id++) { // empties the second page
            table.remove(all.get(id - 1));
        }
        assertNull(table.get(5000));
        assertSame(all.get(8191), table.get(8192));
        HeadSeries back = series(5000);
        table.put(back);
        assertSame(back, table.get(5000));

        table.remove(series(1)); // another series under a stored id is not removed
        assertSame(all.get(0), table.get(1));

        List<Integer> visited = new ArrayList<>();
        table.forEach(s -> visited.add(s.id));
        assertEquals(10_000 - 4096 + 2, visited.size());
        for (int i = 1; i < visited.size(); i++) {
            assertEquals(true, visited.get(i - 1) < visited.get(i), "id order");
        }
    }
}
