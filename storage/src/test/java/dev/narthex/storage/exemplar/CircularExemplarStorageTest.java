package dev.narthex.storage.exemplar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.exemplar.CircularExemplarStorage.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CircularExemplarStorageTest {
    private static final Labels A = Labels.of("__name__", "m", "s", "a");
    private static final Labels B = Labels.of("__name__", "m", "s", "b");
    private static final Labels C = Labels.of("__name__", "m", "s", "c");
    private static final List<List<Matcher>> ALL = List.of(List.of(Matcher.equal("__name__", "m")));

    private static Labels trace(String id) {
        return Labels.of("trace_id", id);
    }

    private static Outcome add(CircularExemplarStorage st, Labels series, String trace, double v, long t) {
        return st.add(series, trace(trace), v, t, true);
    }

    /** "series:trace@t" for every selected exemplar, in result order. */
    private static List<String> dump(CircularExemplarStorage st, long start, long end, List<List<Matcher>> sets) {
        List<String> out = new ArrayList<>();
        for (SeriesExemplars se : st.selectExemplars(start, end, sets)) {
            for (Exemplar e : se.exemplars()) {
                out.add(se.seriesLabels().get("s") + ":" + e.labels().get("trace_id") + "@" + e.timestamp());
            }
        }
        return out;
    }

    private static List<String> dump(CircularExemplarStorage st) {
        return dump(st, Long.MIN_VALUE, Long.MAX_VALUE, ALL);
    }

    @Test
    void keepsPerSeriesOrderAndSortsSeriesByLabels() {
        CircularExemplarStorage st = new CircularExemplarStorage(10);
        assertEquals(Outcome.ADDED, add(st, B, "b1", 1, 100));
        assertEquals(Outcome.ADDED, add(st, A, "a1", 1, 150));
        assertEquals(Outcome.ADDED, add(st, B, "b2", 2, 200));
        assertEquals(List.of("a:a1@150", "b:b1@100", "b:b2@200"), dump(st));
        assertEquals(3, st.exemplarsInStorage());
        assertEquals(2, st.seriesWithExemplars());
        assertEquals(3, st.appendedTotal());
    }

    @Test
    void evictsTheOldestWrittenSlotWhicheverSeriesOwnsIt() {
        CircularExemplarStorage st = new CircularExemplarStorage(3);
        add(st, A, "a1", 1, 100);
        add(st, B, "b1", 1, 110);
        add(st, A, "a2", 2, 120);
        add(st, C, "c1", 1, 130); // overwrites a1: a keeps a2
        assertEquals(List.of("a:a2@120", "b:b1@110", "c:c1@130"), dump(st));
        add(st, C, "c2", 2, 140); // overwrites b1, b's only one: b leaves the index
        assertEquals(List.of("a:a2@120", "c:c1@130", "c:c2@140"), dump(st));
        assertEquals(2, st.seriesWithExemplars());
        assertEquals(3, st.exemplarsInStorage());
        assertEquals(0.12, st.oldestTimestampSeconds(), 1e-12);
        add(st, A, "a3", 3, 150); // overwrites a2, the series' own only exemplar
        assertEquals(List.of("a:a3@150", "c:c1@130", "c:c2@140"), dump(st));
        add(st, C, "c3", 3, 160); // overwrites c1, the series' own oldest
        add(st, C, "c4", 4, 170); // overwrites c2
        assertEquals(List.of("a:a3@150", "c:c3@160", "c:c4@170"), dump(st));
        add(st, C, "c5", 5, 180); // overwrites a3
        assertEquals(List.of("c:c3@160", "c:c4@170", "c:c5@180"), dump(st));
        assertEquals(1, st.seriesWithExemplars());
    }

    @Test
    void singleSlotRingKeepsOnlyTheNewest() {
        CircularExemplarStorage st = new CircularExemplarStorage(1);
        add(st, A, "a1", 1, 100);
        add(st, A, "a2", 2, 200);
        assertEquals(List.of("a:a2@200"), dump(st));
        add(st, B, "b1", 1, 50);
        assertEquals(List.of("b:b1@50"), dump(st));
        assertEquals(1, st.seriesWithExemplars());
    }

    @Test
    void rejectsOlderExemplarsAndOrdersEqualTimestampsByValue() {
        CircularExemplarStorage st = new CircularExemplarStorage(10);
        add(st, A, "x", 5, 100);
        assertEquals(Outcome.OUT_OF_ORDER, add(st, A, "y", 5, 99));
        assertEquals(Outcome.OUT_OF_ORDER, add(st, A, "y", 4, 100));
        assertEquals(Outcome.ADDED, add(st, A, "y", 6, 100));
        assertEquals(Outcome.ADDED, add(st, B, "z", 1, 1), "order is per series");
        assertEquals(2, st.outOfOrderTotal());
        assertEquals(Outcome.OUT_OF_ORDER, st.validate(A, trace("q"), 1, 50, true));
        assertEquals(2, st.outOfOrderTotal(), "validation does not count");
    }

    @Test
    void duplicatesOfTheNewestAreIgnored() {
        CircularExemplarStorage st = new CircularExemplarStorage(10);
        assertEquals(Outcome.ADDED, add(st, A, "x", 1, 100));
        assertEquals(Outcome.DUPLICATE, add(st, A, "x", 1, 100));
        // Without timestamps (the scrape time stands in), labels and value alone make a duplicate.
        assertEquals(Outcome.ADDED, st.add(B, trace("y"), 1, 100, false));
        assertEquals(Outcome.DUPLICATE, st.add(B, trace("y"), 1, 200, false));
        assertEquals(Outcome.ADDED, st.add(B, trace("y"), 2, 200, false));
        // With a timestamp on either side, a different time is a new exemplar.
        assertEquals(Outcome.ADDED, st.add(B, trace("y"), 2, 300, true));
        assertEquals(List.of("a:x@100", "b:y@100", "b:y@200", "b:y@300"), dump(st));
        assertEquals(4, st.appendedTotal());
    }

    @Test
    void limitsTheLabelSetTo128CodePoints() {
        CircularExemplarStorage st = new CircularExemplarStorage(10);
        String name = "trace_id"; // 8 code points
        Labels ok = Labels.of(name, "é".repeat(120)); // 128 code points, 248 UTF-8 bytes
        Labels tooLong = Labels.of(name, "é".repeat(121));
        assertEquals(Outcome.ADDED, st.add(A, ok, 1, 1, true));
        assertEquals(Outcome.LABEL_SET_TOO_LONG, st.add(A, tooLong, 2, 2, true));
        assertEquals(Outcome.LABEL_SET_TOO_LONG, st.add(B, Labels.of("a", "x".repeat(100), "b", "y".repeat(27)), 1, 1, true));
    }

    @Test
    void zeroCapacityDisablesStorage() {
        CircularExemplarStorage st = new CircularExemplarStorage(0);
        assertEquals(Outcome.DISABLED, add(st, A, "x", 1, 1));
        assertEquals(List.of(), dump(st));
        assertEquals(0, st.exemplarsInStorage());
        assertEquals(0, st.capacity());
    }

    @Test
    void selectsByTimeRangeAndAnyMatcherSet() {
        CircularExemplarStorage st = new CircularExemplarStorage(10);
        for (int t = 1; t <= 4; t++) {
            add(st, A, "a" + t, t, t * 100L);
            add(st, B, "b" + t, t, t * 100L + 50);
        }
        assertEquals(List.of("a:a2@200", "a:a3@300", "b:b2@250"), dump(st, 200, 300, ALL));
        assertEquals(List.of(), dump(st, 500, 600, ALL));
        List<List<Matcher>> aOrC = List.of(List.of(Matcher.equal("s", "a")), List.of(Matcher.equal("s", "c")));
        assertEquals(List.of("a:a4@400"), dump(st, 400, 1000, aOrC));
        // A matcher on a missing label sees the empty value, as in Prometheus.
        List<List<Matcher>> noJob = List.of(List.of(Matcher.equal("job", ""), Matcher.regex("s", "b")));
        assertEquals(List.of("b:b4@450"), dump(st, 400, 1000, noJob));
        assertTrue(st.selectExemplars(0, 1000, List.of()).isEmpty());
    }

    @Test
    void resizeKeepsTheNewestInAppendOrder() {
        CircularExemplarStorage st = new CircularExemplarStorage(4);
        add(st, A, "a1", 1, 100);
        add(st, B, "b1", 1, 110);
        add(st, A, "a2", 2, 120);
        add(st, B, "b2", 2, 130);
        add(st, A, "a3", 3, 140); // ring now a3 b1 a2 b2, next slot 1
        assertEquals(2, st.resize(2));
        assertEquals(List.of("a:a3@140", "b:b2@130"), dump(st));
        assertEquals(2, st.exemplarsInStorage());
        assertEquals(2, st.resize(3));
        add(st, B, "b3", 3, 150); // fills the third slot
        add(st, A, "a4", 4, 160); // the ring is full: overwrites the oldest written, b2
        assertEquals(List.of("a:a3@140", "a:a4@160", "b:b3@150"), dump(st));
        assertEquals(0, st.resize(0));
        assertEquals(Outcome.DISABLED, add(st, A, "a5", 5, 170));
        assertEquals(0, st.seriesWithExemplars());
    }
}
