package dev.narthex.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.promql.engine.EngineOptions;
import dev.narthex.promql.engine.PromqlEngine;
import dev.narthex.promql.engine.QueryOptions;
import dev.narthex.promql.value.Matrix;
import dev.narthex.promql.value.SeriesPoints;
import dev.narthex.promql.value.Vector;
import dev.narthex.storage.tsdb.Tsdb;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmupDatabaseTest {
    private static final PromqlEngine ENGINE = new PromqlEngine(EngineOptions.DEFAULTS);
    private static final long START = WarmupDatabase.START_MS;
    private static final long END = WarmupDatabase.END_MS;
    @TempDir
    static Path dir;
    private static Tsdb db;

    @BeforeAll
    static void create() {
        db = WarmupDatabase.create(dir);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static Matrix range(String expr) {
        return (Matrix) ENGINE.rangeQuery(db, expr, START, END, 60_000, QueryOptions.NONE).value();
    }

    private static double instant(String expr, long t) {
        Vector v = (Vector) ENGINE.instantQuery(db, expr, t, QueryOptions.NONE).value();
        assertEquals(1, v.samples().size(), expr);
        return v.samples().get(0).value();
    }

    @Test
    void everyFleetExpressionSelectsData() {
        for (String expr : QueryWarmup.FLEET_EXPRESSIONS) {
            Matrix m = range(expr);
            assertFalse(m.series().isEmpty(), expr);
        }
    }

    @Test
    void fleetQueriesTakeTheParallelPathOverSeveralBlocksAndTheHead() {
        // Three hours in, one target is gone and one not yet deployed.
        assertEquals((WarmupDatabase.INSTANCES - 2) * 8, instant("count(warm_cpu_seconds_total)", START + 3 * 3_600_000));
        assertTrue(db.blockStore().blocks().size() >= 2, "blocks: " + db.blockStore().blocks().size());
        assertTrue(db.head().minTime() < END, "nothing left in the head");
    }

    @Test
    void scrapesJitterAroundTheirIntervalAndMissSome() {
        Matrix m = range("timestamp(warm_cores{instance=\"node-0:9100\"}) % 15");
        SeriesPoints s = m.series().get(0);
        long offGrid = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.values()[i] != s.values()[0]) {
                offGrid++;
            }
        }
        assertTrue(offGrid > s.size() / 2, "timestamps on a fixed grid: " + offGrid + " of " + s.size());
        assertEquals(1, instant("sum(changes(warm_boot_time_seconds[5h]))", END), "restarts");
        assertEquals(8, instant("sum(resets(warm_cpu_seconds_total[5h]))", END), "counter resets");
    }

    @Test
    void anOutageEndsTheSeriesWithStaleMarkers() {
        // Target 2 (node-1) misses ten minutes of scrapes from the middle on; the first miss writes stale markers.
        long outage = START + (END - START) / 2 + 60_000;
        assertEquals(List.of(), range("warm_cores{instance=\"node-1:9100\"} @ " + outage / 1000.0).series());
        assertEquals(1, instant("count(warm_cores{instance=\"node-1:9100\"})", outage - 120_000));
    }

    @Test
    void targetsComeAndGo() {
        assertEquals(WarmupDatabase.INSTANCES - 1, instant("count(warm_cores)", END));
        assertEquals(WarmupDatabase.INSTANCES - 1, instant("count(warm_cores)", START + 60_000));
        // Target 3 (db-1) is decommissioned at 40% of the span, target 4 (node-2) deployed at 80%.
        assertEquals(List.of(), range("warm_cores{instance=\"db-1:9100\"} @ end()").series());
        assertEquals(List.of(), range("warm_cores{instance=\"node-2:9100\"} @ start()").series());
    }
}
