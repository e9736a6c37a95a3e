package dev.narthex.storage.index;

import dev.narthex.storage.Matcher;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/**
 * Evaluates label matchers over a {@link PostingsIndex} with Prometheus's empty-value semantics: a
 * series lacking a label has the value "" for it, so a matcher that matches "" also selects series
 * without the label. Matchers that do not match "" are intersected as unions of their values'
 * postings; matchers that do match "" subtract the postings of the values they reject. When every
 * matcher matches "" the selection starts from all series (Prometheus refuses such selectors at the
 * PromQL level; here the selection simply works).
 */
public final class PostingsSelector {
    private PostingsSelector() {
    }

    /** A new bitmap of the series ids matching every matcher; all ids for an empty list. */
    public static RoaringBitmap select(PostingsIndex index, List<Matcher> matchers) {
        RoaringBitmap result = null;
        List<ValueMatcher> subtractive = new ArrayList<>();
        for (Matcher m : matchers) {
            ValueMatcher vm = ValueMatcher.of(m);
            if (vm.matchesEverything()) {
                continue;
            }
            if (vm.matchesEmpty()) {
                subtractive.add(vm);
                continue;
            }
            RoaringBitmap selected = union(index, m.name(), vm);
            if (result == null) {
                result = selected;
            } else {
                result.and(selected);
            }
            if (result.isEmpty()) {
                return result;
            }
        }
        if (result == null) {
            result = index.allPostings().clone();
        }
        for (ValueMatcher vm : subtractive) {
            result.andNot(union(index, vm.matcher().name(), vm.inverse()));
            if (result.isEmpty()) {
                break;
            }
        }
        return result;
    }

    /** A new bitmap: the union of the postings of every value of {@code name} that {@code vm} matches. */
    public static RoaringBitmap union(PostingsIndex index, String name, ValueMatcher vm) {
        List<String> values = index.sortedValues(name);
        List<RoaringBitmap> parts = new ArrayList<>();
        vm.forEachMatch(values, i -> parts.add(index.postings(name, i)));
        if (parts.isEmpty()) {
            return new RoaringBitmap();
        }
        if (parts.size() == 1) {
            return parts.get(0).clone();
        }
        return FastAggregation.or(parts.iterator());
    }
}
