package dev.narthex.storage.block;

import dev.narthex.storage.Matcher;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

/**
 * Turns matchers into the set of series ids of one block index, with Prometheus's semantics: a matcher that
 * does not match the empty string intersects with the union of the postings of the values it matches; one that
 * matches the empty string (so also selects series without the label) subtracts the union of the values it
 * rejects. Equality is one lookup; regular expressions that are alternations of literals or a literal prefix
 * followed by {@code .*} avoid scanning the sorted value list. Stateless.
 */
final class PostingsSelector {
    private PostingsSelector() {
    }

    static MutableRoaringBitmap select(IndexReader ix, List<Matcher> matchers) {
        MutableRoaringBitmap result = null;
        for (Matcher m : matchers) {
            if (!m.matchesEmpty()) {
                ImmutableRoaringBitmap p = union(ix, m, true);
                result = result == null ? toMutable(p) : ImmutableRoaringBitmap.and(result, p);
                if (result.isEmpty()) {
                    return result;
                }
            }
        }
        if (result == null) {
            result = new MutableRoaringBitmap();
            result.add(0L, ix.numSeries());
        }
        for (Matcher m : matchers) {
            if (m.matchesEmpty()) {
                ImmutableRoaringBitmap p = union(ix, m, false);
                if (!p.isEmpty()) {
                    result = ImmutableRoaringBitmap.andNot(result, p);
                }
            }
        }
        return result;
    }

    private static MutableRoaringBitmap toMutable(ImmutableRoaringBitmap p) {
        return p instanceof MutableRoaringBitmap mutable ? mutable : p.toMutableRoaringBitmap();
    }

    /** The union of the postings of the values of {@code m.name()} for which {@code m.matches(value) == want}. */
    static ImmutableRoaringBitmap union(IndexReader ix, Matcher m, boolean want) {
        int name = ix.findLabelName(m.name());
        if (name < 0) {
            return new MutableRoaringBitmap();
        }
        // When the wanted predicate is "value equals / regex matches", the fast paths apply.
        boolean positiveSense = want == (m.type() == Matcher.Type.EQUAL || m.type() == Matcher.Type.REGEX);
        if (positiveSense) {
            if (m.type() == Matcher.Type.EQUAL || m.type() == Matcher.Type.NOT_EQUAL) {
                return lookup(ix, name, List.of(m.value()));
            }
            List<String> literals = literalAlternatives(m.value());
            if (literals != null) {
                return lookup(ix, name, literals);
            }
            String prefix = literalPrefixAnyTail(m.value());
            if (prefix != null) {
                return prefixRange(ix, name, prefix);
            }
        }
        List<ImmutableRoaringBitmap> parts = new ArrayList<>();
        int n = ix.valueCount(name);
        for (int i = 0; i < n; i++) {
            if (m.matches(ix.value(name, i)) == want) {
                parts.add(ix.postings(name, i));
            }
        }
        return or(parts);
    }

    private static ImmutableRoaringBitmap lookup(IndexReader ix, int name, List<String> values) {
        List<ImmutableRoaringBitmap> parts = new ArrayList<>(values.size());
        for (String v : values) {
            int i = ix.findValue(name, v);
            if (i >= 0) {
                parts.add(ix.postings(name, i));
            }
        }
        return or(parts);
    }

    private static ImmutableRoaringBitmap prefixRange(IndexReader ix, int name, String prefix) {
        int i = ix.findValue(name, prefix);
        if (i < 0) {
            i = -i - 1;
        }
        List<ImmutableRoaringBitmap> parts = new ArrayList<>();
        int n = ix.valueCount(name);
        for (; i < n; i++) {
            String v = ix.value(name, i);
            if (!v.startsWith(prefix)) {
                break;
            }
            parts.add(ix.postings(name, i));
        }
        return or(parts);
    }

    private static ImmutableRoaringBitmap or(List<ImmutableRoaringBitmap> parts) {
        if (parts.isEmpty()) {
            return new MutableRoaringBitmap();
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return ImmutableRoaringBitmap.or(parts.iterator());
    }

    private static boolean isMeta(char c) {
        return "\\.+*?()[]{}^$|".indexOf(c) >= 0;
    }

    /** {@code a|b|c} of plain literals (each possibly empty) as a list, else null. */
    static List<String> literalAlternatives(String re) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= re.length(); i++) {
            if (i == re.length() || re.charAt(i) == '|') {
                out.add(re.substring(start, i));
                start = i + 1;
            } else if (isMeta(re.charAt(i))) {
                return null;
            }
        }
        return out;
    }

    /** For {@code literal.*} the literal (possibly empty), else null. */
    static String literalPrefixAnyTail(String re) {
        if (!re.endsWith(".*")) {
            return null;
        }
        String prefix = re.substring(0, re.length() - 2);
        for (int i = 0; i < prefix.length(); i++) {
            if (isMeta(prefix.charAt(i))) {
                return null;
            }
        }
        return prefix;
    }
}
