package dev.narthex.storage;

import dev.narthex.storage.exemplar.SeriesExemplars;
import java.util.List;

/** Read access to stored exemplars. Implementations are thread-safe. */
public interface ExemplarQueryable {
    /**
     * The exemplars with timestamps in {@code [start, end]} of every series that matches all matchers of
     * at least one of {@code matcherSets}, sorted by series labels; series without such exemplars are
     * left out. The result is a fresh list the caller owns.
     */
    List<SeriesExemplars> selectExemplars(long start, long end, List<List<Matcher>> matcherSets);

    /** A storage that keeps no exemplars. */
    ExemplarQueryable NONE = (start, end, matcherSets) -> List.of();
}
