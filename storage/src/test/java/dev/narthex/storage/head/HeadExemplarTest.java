package dev.narthex.storage.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.StorageException;
import dev.narthex.storage.exemplar.CircularExemplarStorage;
import dev.narthex.storage.exemplar.Exemplar;
import dev.narthex.storage.exemplar.SeriesExemplars;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadExemplarTest {
    private static final Labels SERIES = Labels.of("__name__", "req_total", "job", "a");
    private static final List<List<Matcher>> ALL = List.of(List.of(Matcher.equal("__name__", "req_total")));

    private static Head head(int capacity) {
        return new Head(7_200_000L, null, new CircularExemplarStorage(capacity));
    }

    private static List<SeriesExemplars> all(Head h) {
        return h.exemplars().selectExemplars(Long.MIN_VALUE, Long.MAX_VALUE, ALL);
    }

    @Test
    void exemplarsBecomeVisibleOnCommitWithTheSeriesLabels() {
        Head h = head(10);
        Appender app = h.appender();
        long ref = app.append(0, SERIES, 1000, 1);
        assertEquals(ref, app.appendExemplar(ref, SERIES, Labels.of("trace_id", "t1"), 0.5, 1000, true));
        assertEquals(List.of(), all(h));
        app.commit();
        assertEquals(List.of(new SeriesExemplars(SERIES, List.of(new Exemplar(Labels.of("trace_id", "t1"), 0.5, 1000)))),
                all(h));
    }

    @Test
    void findsTheSeriesByLabelsWhenTheRefIsUnknownAndFailsForAMissingSeries() {
        Head h = head(10);
        Appender app = h.appender();
        long ref = app.append(0, SERIES, 1000, 1);
        assertEquals(ref, app.appendExemplar(0, SERIES, Labels.of("trace_id", "t1"), 1, 1000, true));
        StorageException e = assertThrows(StorageException.class,
                () -> app.appendExemplar(987654, Labels.of("__name__", "other"), Labels.of("trace_id", "t"), 1, 1, true));
        assertEquals("unknown HeadSeriesRef when trying to add exemplar: 987654", e.getMessage());
    }

    @Test
    void rejectsOutOfOrderAndTooLongAndIgnoresDuplicatesAgainstStoredExemplars() {
        Head h = head(10);
        Appender app = h.appender();
        long ref = app.append(0, SERIES, 2000, 1);
        app.appendExemplar(ref, SERIES, Labels.of("trace_id", "t1"), 1, 2000, true);
        app.commit();
        Appender next = h.appender();
        next.append(ref, SERIES, 3000, 2);
        assertThrows(StorageException.OutOfOrderExemplar.class,
                () -> next.appendExemplar(ref, SERIES, Labels.of("trace_id", "t0"), 1, 1000, true));
        assertThrows(StorageException.ExemplarLabelLength.class,
                () -> next.appendExemplar(ref, SERIES, Labels.of("trace_id", "x".repeat(121)), 1, 3000, true));
        assertEquals(0, next.appendExemplar(ref, SERIES, Labels.of("trace_id", "t1"), 1, 2000, true));
        // Empty label values are dropped first, so this is the same exemplar again.
        assertEquals(0, next.appendExemplar(ref, SERIES, Labels.of("trace_id", "t1", "span_id", ""), 1, 2000, true));
        next.commit();
        assertEquals(1, all(h).get(0).exemplars().size());
    }

    @Test
    void rollbackDiscardsExemplarsAndDisabledStorageIgnoresThem() {
        Head h = head(10);
        Appender app = h.appender();
        long ref = app.append(0, SERIES, 1000, 1);
        app.appendExemplar(ref, SERIES, Labels.of("trace_id", "t1"), 1, 1000, true);
        app.rollback();
        assertEquals(List.of(), all(h));

        Head off = head(0);
        Appender a2 = off.appender();
        long r2 = a2.append(0, SERIES, 1000, 1);
        assertEquals(0, a2.appendExemplar(r2, SERIES, Labels.of("trace_id", "t1"), 1, 1000, true));
        a2.commit();
        assertEquals(List.of(), all(off));
    }

    @Test
    void exemplarsOfASeriesWithoutSamplesInTheBatchAreCommitted() {
        Head h = head(10);
        Appender app = h.appender();
        long ref = app.append(0, SERIES, 1000, 1);
        app.commit();
        Appender only = h.appender();
        only.appendExemplar(ref, SERIES, Labels.of("trace_id", "late"), 3, 1500, true);
        only.commit();
        assertEquals("late", all(h).get(0).exemplars().get(0).labels().get("trace_id"));
    }
}
