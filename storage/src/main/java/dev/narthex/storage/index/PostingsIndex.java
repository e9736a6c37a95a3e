package dev.narthex.storage.index;

import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * The read side of an inverted index that {@link PostingsSelector} evaluates matchers against: for
 * each label name its sorted values, and for each value the ids of the series carrying it. The head's
 * {@link MemPostings} and the block index implement it. Bitmaps returned are read-only views valid
 * for the duration of one selection; the selector never modifies them.
 */
public interface PostingsIndex {
    /** The label names present, sorted. */
    List<String> labelNames();

    /** The distinct values of {@code name}, sorted by {@link String#compareTo}; empty when unknown. */
    List<String> sortedValues(String name);

    /** Series ids carrying {@code name = sortedValues(name).get(valueIndex)}. */
    RoaringBitmap postings(String name, int valueIndex);

    /** Every series id in the index. */
    RoaringBitmap allPostings();
}
