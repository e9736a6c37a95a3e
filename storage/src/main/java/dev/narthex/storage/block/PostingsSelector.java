package dev.narthex.storage.block;

import dev.narthex.storage.Matcher;
import dev.narthex.storage.index.ValueMatcher;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

/**
 * Turns matchers into the set of series ids of one block index with the shared
 * {@link dev.narthex.storage.index.ValueMatcher} semantics and fast paths (literal sets by binary search,
 * prefixes and globs as value ranges, regular expressions only over the values starting with their literal
 * prefix), reading the memory-mapped postings in place. A matcher that does not match the empty string
 * intersects with the union of the postings of the values it matches; one that matches the empty string (so
 * also selects series without the label) subtracts the union of the values it rejects. Because the block is
 * immutable, unions that needed a value scan (regex matching costs microseconds per value) are kept in a
 * small cache, as Prometheus's postings-for-matchers cache does. Thread-safe.
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
            ImmutableRoaringBitmap p = union(vm, true);
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
        MutableRoaringBitmap result;
        if (positive == null) {
            result = new MutableRoaringBitmap();
            result.add(0L, ix.numSeries());
        } else {
            // Mapped or cached bitmaps are copied once, so the caller owns the result.
            result = owned ? (MutableRoaringBitmap) positive : positive.toMutableRoaringBitmap();
        }
        for (ValueMatcher vm : subtractive) {
            ImmutableRoaringBitmap p = union(vm.inverse(), false);
            if (!p.isEmpty()) {
                result = ImmutableRoaringBitmap.andNot(result, p);
            }
        }
        return result;
    }

    /**
     * The union of the postings of the values of the matcher's label that {@code vm} selects; {@code want}
     * tells whether {@code vm} is the caller's matcher or its inverse (part of the cache key).
     */
    private ImmutableRoaringBitmap union(ValueMatcher vm, boolean want) {
        Matcher m = vm.matcher();
        int name = ix.findLabelName(m.name());
        if (name < 0) {
            return new MutableRoaringBitmap();
        }
        boolean regex = m.type() == Matcher.Type.REGEX || m.type() == Matcher.Type.NOT_REGEX;
        if (!regex || vm.finiteValues() != null) {
            return collect(name, vm);
        }
        ScanKey key = new ScanKey(m, want);
        synchronized (this) {
            ImmutableRoaringBitmap cached = scans.get(key);
            if (cached != null) {
                return cached;
            }
        }
        ImmutableRoaringBitmap result = collect(name, vm);
        remember(key, result);
        return result;
    }

    private ImmutableRoaringBitmap collect(int name, ValueMatcher vm) {
        List<ImmutableRoaringBitmap> parts = new ArrayList<>();
        vm.forEachMatch(ix.values(name), i -> parts.add(ix.postings(name, i)));
        if (parts.isEmpty()) {
            return new MutableRoaringBitmap();
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return ImmutableRoaringBitmap.or(parts.iterator());
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
}
