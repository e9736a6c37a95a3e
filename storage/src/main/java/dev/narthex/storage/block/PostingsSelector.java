package dev.narthex.storage.block;

import dev.narthex.storage.Matcher;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

/**
 * Turns matchers into the set of series ids of one block index, with Prometheus's semantics: a matcher that
 * does not match the empty string intersects with the union of the postings of the values it matches; one that
 * matches the empty string (so also selects series without the label) subtracts the union of the values it
 * rejects. Equality is one lookup; regular expressions that are alternations of literals or a literal prefix
 * followed by {@code .*} avoid scanning the sorted value list, and other regular expressions scan only the
 * values starting with their literal prefix. Because the block is immutable, the unions that needed a scan
 * (regex matching costs microseconds per value) are kept in a small cache, as Prometheus's postings-for-matchers
 * cache does. Thread-safe.
 */
final class PostingsSelector {
    /** Bytes of cached scan results per block. */
    static final long CACHE_BYTES = 4L << 20;

    private final IndexReader ix;
    private final LinkedHashMap<ScanKey, ImmutableRoaringBitmap> scans = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedBytes;

    private record ScanKey(Matcher matcher, boolean want) {
    }

    PostingsSelector(IndexReader ix) {
        this.ix = ix;
    }

    /** The selected series ids; the result belongs to the caller. */
    MutableRoaringBitmap select(List<Matcher> matchers) {
        ImmutableRoaringBitmap positive = null;
        boolean owned = false;
        for (Matcher m : matchers) {
            if (!m.matchesEmpty()) {
                ImmutableRoaringBitmap p = union(m, true);
                if (positive == null) {
                    positive = p;
                } else {
                    positive = ImmutableRoaringBitmap.and(positive, p);
                    owned = true;
                }
                if (positive.isEmpty()) {
                    return new MutableRoaringBitmap();
                }
            }
        }
        MutableRoaringBitmap result;
        if (positive == null) {
            result = new MutableRoaringBitmap();
            result.add(0L, ix.numSeries());
        } else {
            // Mapped or cached bitmaps are copied once, so the caller owns the result.
            result = owned ? (MutableRoaringBitmap) positive : positive.toMutableRoaringBitmap();
        }
        for (Matcher m : matchers) {
            if (m.matchesEmpty()) {
                ImmutableRoaringBitmap p = union(m, false);
                if (!p.isEmpty()) {
                    result = ImmutableRoaringBitmap.andNot(result, p);
                }
            }
        }
        return result;
    }

    /** The union of the postings of the values of {@code m.name()} for which {@code m.matches(value) == want}. */
    private ImmutableRoaringBitmap union(Matcher m, boolean want) {
        int name = ix.findLabelName(m.name());
        if (name < 0) {
            return new MutableRoaringBitmap();
        }
        // When the wanted predicate is "value equals / regex matches", the fast paths apply.
        boolean positiveSense = want == (m.type() == Matcher.Type.EQUAL || m.type() == Matcher.Type.REGEX);
        boolean regex = m.type() == Matcher.Type.REGEX || m.type() == Matcher.Type.NOT_REGEX;
        if (positiveSense) {
            if (!regex) {
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
        if (!regex) {
            return scan(name, m, want, "");
        }
        ScanKey key = new ScanKey(m, want);
        synchronized (this) {
            ImmutableRoaringBitmap cached = scans.get(key);
            if (cached != null) {
                return cached;
            }
        }
        // Values outside the literal prefix cannot match, which only narrows the scan when matches are wanted.
        ImmutableRoaringBitmap result = scan(name, m, want, positiveSense ? literalPrefix(m.value()) : "");
        remember(key, result);
        return result;
    }

    private ImmutableRoaringBitmap scan(int name, Matcher m, boolean want, String prefix) {
        int i = 0;
        if (!prefix.isEmpty()) {
            i = ix.findValue(name, prefix);
            i = i < 0 ? -i - 1 : i;
        }
        List<ImmutableRoaringBitmap> parts = new ArrayList<>();
        int n = ix.valueCount(name);
        for (; i < n; i++) {
            String v = ix.value(name, i);
            if (!v.startsWith(prefix)) {
                break;
            }
            if (m.matches(v) == want) {
                parts.add(ix.postings(name, i));
            }
        }
        return or(parts);
    }

    private synchronized void remember(ScanKey key, ImmutableRoaringBitmap bitmap) {
        long size = bitmap.serializedSizeInBytes();
        if (size > CACHE_BYTES / 4) {
            return;
        }
        if (scans.put(key, bitmap) == null) {
            cachedBytes += size;
        }
        Iterator<Map.Entry<ScanKey, ImmutableRoaringBitmap>> it = scans.entrySet().iterator();
        while (cachedBytes > CACHE_BYTES && it.hasNext()) {
            cachedBytes -= it.next().getValue().serializedSizeInBytes();
            it.remove();
        }
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

    /**
     * The literal text every match must start with: the characters before the first metacharacter, minus
     * the last one when a quantifier that allows zero repetitions follows it; empty for top-level choices.
     */
    static String literalPrefix(String re) {
        if (re.indexOf('|') >= 0) {
            return "";
        }
        int i = 0;
        while (i < re.length() && !isMeta(re.charAt(i))) {
            i++;
        }
        if (i < re.length() && i > 0 && "?*{".indexOf(re.charAt(i)) >= 0) {
            i--;
        }
        return re.substring(0, i);
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
