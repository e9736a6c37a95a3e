package dev.narthex.storage.index;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.roaringbitmap.RoaringBitmap;

/**
 * The head's inverted index: label name to value to a bitmap of series ids, plus the set of all ids.
 *
 * <p>Thread-safe through a read-write lock: {@link #add} and {@link #remove} (new and dropped series,
 * rare next to samples) take it exclusively; readers run inside {@link #read}, where the
 * {@link PostingsIndex} view and the bitmaps it hands out are stable. The sorted value list of a name
 * is rebuilt lazily on the first read after its values changed.
 */
public final class MemPostings {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Values> byName = new HashMap<>();
    private final RoaringBitmap all = new RoaringBitmap();
    private final PostingsIndex view = new View();

    public void add(int id, Labels labels) {
        lock.writeLock().lock();
        try {
            all.add(id);
            for (int i = 0; i < labels.size(); i++) {
                byName.computeIfAbsent(labels.name(i), k -> new Values()).add(labels.value(i), id);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public void remove(int id, Labels labels) {
        lock.writeLock().lock();
        try {
            all.remove(id);
            for (int i = 0; i < labels.size(); i++) {
                Values values = byName.get(labels.name(i));
                if (values != null && values.remove(labels.value(i), id)) {
                    byName.remove(labels.name(i));
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Runs {@code reader} under the read lock; nothing it gets from the index may escape it. */
    public <T> T read(Function<PostingsIndex, T> reader) {
        lock.readLock().lock();
        try {
            return reader.apply(view);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A new bitmap of the series ids matching every matcher. */
    public RoaringBitmap select(List<Matcher> matchers) {
        return read(index -> PostingsSelector.select(index, matchers));
    }

    private final class View implements PostingsIndex {
        @Override
        public List<String> labelNames() {
            List<String> names = new ArrayList<>(byName.keySet());
            Collections.sort(names);
            return names;
        }

        @Override
        public List<String> sortedValues(String name) {
            Values v = byName.get(name);
            return v == null ? List.of() : v.sorted().list;
        }

        @Override
        public RoaringBitmap postings(String name, int valueIndex) {
            return byName.get(name).sorted().postings[valueIndex];
        }

        @Override
        public RoaringBitmap allPostings() {
            return all;
        }
    }

    private static final class Values {
        private final Map<String, RoaringBitmap> map = new HashMap<>();
        private volatile Sorted sorted;

        void add(String value, int id) {
            RoaringBitmap b = map.get(value);
            if (b == null) {
                b = new RoaringBitmap();
                map.put(value, b);
                sorted = null;
            }
            b.add(id);
        }

        /** Removes the id; true when the name has no values left. */
        boolean remove(String value, int id) {
            RoaringBitmap b = map.get(value);
            if (b != null) {
                b.remove(id);
                if (b.isEmpty()) {
                    map.remove(value);
                    sorted = null;
                }
            }
            return map.isEmpty();
        }

        /** Called under the read lock, so the map is stable; the monitor keeps racing readers to one rebuild. */
        Sorted sorted() {
            Sorted s = sorted;
            if (s == null) {
                synchronized (this) {
                    s = sorted;
                    if (s == null) {
                        String[] keys = map.keySet().toArray(new String[0]);
                        Arrays.sort(keys);
                        RoaringBitmap[] postings = new RoaringBitmap[keys.length];
                        for (int i = 0; i < keys.length; i++) {
                            postings[i] = map.get(keys[i]);
                        }
                        s = new Sorted(Collections.unmodifiableList(Arrays.asList(keys)), postings);
                        sorted = s;
                    }
                }
            }
            return s;
        }
    }

    private record Sorted(List<String> list, RoaringBitmap[] postings) {
    }
}
