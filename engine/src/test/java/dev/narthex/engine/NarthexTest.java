package dev.narthex.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.narthex.promql.engine.PromqlException;
import dev.narthex.promql.value.Sample;
import dev.narthex.promql.value.SeriesPoints;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NarthexTest {
    @Test
    void loadsTestNotationAndAnswersInstantQueries() {
        try (Narthex db = Narthex.inMemory()) {
            db.load("""
                    # two counters
                    http_requests_total{job="api"} 0+60x10
                    http_requests_total{job="web"} 0+30x10

                    """, Duration.ofMinutes(1));
            List<Sample> v = db.query("sum by (job) (rate(http_requests_total[5m]))", Instant.ofEpochSecond(600)).vector().samples();
            assertEquals(2, v.size());
            assertEquals(Labels.of("job", "api"), v.get(0).labels());
            assertEquals(1.0, v.get(0).value(), 1e-12);
            assertEquals(0.5, v.get(1).value(), 1e-12);
            assertEquals(600_000, v.get(0).timestamp());
            assertEquals(3.0, db.query("1 + 2", Instant.EPOCH).scalar().value());
        }
    }

    @Test
    void rangeQueryAndOmittedSlots() {
        try (Narthex db = Narthex.inMemory()) {
            db.load("x{a=\"b\"} 1 _ 3", Duration.ofSeconds(10));
            SeriesPoints p = db.queryRange("x", Instant.EPOCH, Instant.ofEpochSecond(20), Duration.ofSeconds(10)).matrix().series().get(0);
            assertArrayEquals(new long[] {0, 10_000, 20_000}, p.timestamps());
            // the omitted slot at 10s falls back to the sample at 0s within the lookback
            assertArrayEquals(new double[] {1, 1, 3}, p.values());
        }
    }

    @Test
    void appendIsVisibleToQuerierAndSurvivesReopen(@TempDir Path dir) {
        Labels l = Labels.of("__name__", "temp", "room", "a");
        try (Narthex db = Narthex.open(dir)) {
            db.append(l, 1_000, 21.5);
            db.append(l, 2_000, 22.0);
            try (Querier q = db.querier(Instant.EPOCH, Instant.ofEpochSecond(5))) {
                List<Series> s = q.select(List.of(Matcher.equal("room", "a")));
                assertEquals(1, s.size());
                SampleBuffer buf = new SampleBuffer();
                s.get(0).read(0, 5_000, buf);
                assertEquals(2, buf.size());
            }
        }
        try (Narthex db = Narthex.open(dir)) {
            assertEquals(22.0, db.query("temp", Instant.ofEpochSecond(3)).vector().samples().get(0).value());
        }
    }

    @Test
    void wrongTypeAndBadQueriesFailClearly() {
        try (Narthex db = Narthex.inMemory()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> db.query("1", Instant.EPOCH).vector());
            assertEquals("query result is scalar, not Vector", e.getMessage());
            assertThrows(PromqlException.class, () -> db.query("sum(", Instant.EPOCH));
            assertThrows(IllegalArgumentException.class, () -> db.load("x{a=~\"b\"} 1", Duration.ofSeconds(1)));
        }
    }
}
