package dev.narthex.storage.exemplar;

import dev.narthex.storage.ExemplarQueryable;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The exemplars of all series in one fixed-size ring, as Prometheus 3.5's circular exemplar storage:
 * memory is bounded by the capacity ({@code storage.exemplars.max_exemplars}) whatever the number of
 * series. Each slot holds one exemplar in primitive columns plus the link to the same series' next
 * exemplar; a per-series index entry points at its oldest and newest slot. A new exemplar overwrites the
 * slot written longest ago, whichever series it belonged to. Per series, exemplars are kept in
 * timestamp order: an exemplar older than the series' newest is rejected as out of order.
 *
 * <p>Thread-safe: appends and resizes take a write lock, validation and queries a read lock. A capacity
 * of 0 disables the storage (every append reports {@link Outcome#DISABLED}) until a {@link #resize}.
 */
public final class CircularExemplarStorage implements ExemplarQueryable {
    /** The longest label set of an exemplar, in Unicode code points of names and values (Prometheus's limit). */
    public static final int MAX_LABEL_SET_LENGTH = 128;
    private static final int NONE = -1;

    /** What became of an exemplar offered to {@link #add} or checked by {@link #validate}. */
    public enum Outcome {
        /** Stored (or, for validate, would be). */
        ADDED,
        /** Equal to the series' newest exemplar: ignored. */
        DUPLICATE,
        /** Older than the series' newest exemplar: rejected. */
        OUT_OF_ORDER,
        /** Labels longer than {@link #MAX_LABEL_SET_LENGTH}: rejected. */
        LABEL_SET_TOO_LONG,
        /** The capacity is 0: nothing is stored. */
        DISABLED
    }

    /**
     * Where a series' exemplars are in the ring, with a copy of the newest one: every append is checked
     * against it, and reading it here saves cache misses into four columns of a large ring.
     */
    private static final class SeriesEntry {
        final Labels seriesLabels;
        int oldest;
        int newest;
        long newestT;
        double newestV;
        boolean newestHasTs;
        Labels newestLabels;

        SeriesEntry(Labels seriesLabels, int slot) {
            this.seriesLabels = seriesLabels;
            this.oldest = slot;
            this.newest = slot;
        }

        void setNewest(int slot, Labels l, double v, long t, boolean hasTs) {
            newest = slot;
            newestLabels = l;
            newestV = v;
            newestT = t;
            newestHasTs = hasTs;
        }
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final LongAdder appended = new LongAdder();
    private final LongAdder outOfOrder = new LongAdder();
    private Map<Labels, SeriesEntry> index = new HashMap<>();
    // The ring, one column per field; owner[i] == null marks an empty slot.
    private long[] ts;
    private double[] values;
    private boolean[] hasTs;
    private Labels[] labels;
    private int[] next;
    private SeriesEntry[] owner;
    private int nextSlot;
    /** The ring's length, readable without the lock (appenders check it for every exemplar). */
    private volatile int capacity;

    /** A storage of {@code capacity} exemplars; 0 or less disables it. */
    public CircularExemplarStorage(long capacity) {
        allocate(clamp(capacity));
    }

    private static int clamp(long capacity) {
        if (capacity > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("max exemplars too large: " + capacity);
        }
        return (int) Math.max(0, capacity);
    }

    private void allocate(int n) {
        ts = new long[n];
        values = new double[n];
        hasTs = new boolean[n];
        labels = new Labels[n];
        next = new int[n];
        owner = new SeriesEntry[n];
        nextSlot = 0;
        capacity = n;
    }

    /** How many exemplars fit; 0 when disabled. */
    public int capacity() {
        return capacity;
    }

    /**
     * Whether {@link #add} would store this exemplar now (a concurrent add may change the answer).
     * {@code exemplarLabels} must not contain empty values (the head drops them first, as Prometheus).
     */
    public Outcome validate(Labels series, Labels exemplarLabels, double value, long t, boolean hasTimestamp) {
        lock.readLock().lock();
        try {
            return check(index.get(series), exemplarLabels, value, t, hasTimestamp);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Stores the exemplar unless it is invalid, a duplicate or out of order; see {@link Outcome}. */
    public Outcome add(Labels series, Labels exemplarLabels, double value, long t, boolean hasTimestamp) {
        lock.writeLock().lock();
        try {
            SeriesEntry entry = index.get(series);
            Outcome o = check(entry, exemplarLabels, value, t, hasTimestamp);
            if (o != Outcome.ADDED) {
                if (o == Outcome.OUT_OF_ORDER) {
                    outOfOrder.increment();
                }
                return o;
            }
            int slot = nextSlot;
            // linked before the eviction, which may take this series' own oldest exemplar
            SeriesEntry linked = link(series, slot);
            evict(slot);
            store(slot, linked, exemplarLabels, value, t, hasTimestamp);
            appended.increment();
            return Outcome.ADDED;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Unlinks the exemplar about to be overwritten in {@code slot} from its series. The ring overwrites in
     * append order and each series' chain is in append order, so it is always its series' oldest; a series
     * left without exemplars leaves the index. When the slot's series is the one being appended to, its
     * newest already links to {@code slot}, so the chain stays intact.
     */
    private void evict(int slot) {
        SeriesEntry prev = owner[slot];
        if (prev == null) {
            return;
        }
        if (next[slot] == NONE) {
            index.remove(prev.seriesLabels);
        } else {
            prev.oldest = next[slot];
        }
    }

    private Outcome check(SeriesEntry entry, Labels exemplarLabels, double value, long t, boolean hasTimestamp) {
        if (owner.length == 0) {
            return Outcome.DISABLED;
        }
        if (labelSetLength(exemplarLabels) > MAX_LABEL_SET_LENGTH) {
            return Outcome.LABEL_SET_TOO_LONG;
        }
        if (entry == null) {
            return Outcome.ADDED;
        }
        long newestT = entry.newestT;
        double newestV = entry.newestV;
        if (value == newestV && ((!hasTimestamp && !entry.newestHasTs) || t == newestT)
                && entry.newestLabels.equals(exemplarLabels)) {
            return Outcome.DUPLICATE;
        }
        // Equal timestamps are ordered by value, then by label hash, as Prometheus does.
        if (t < newestT
                || (t == newestT && value < newestV)
                || (t == newestT && value == newestV
                    && Long.compareUnsigned(exemplarLabels.hash64(), entry.newestLabels.hash64()) < 0)) {
            return Outcome.OUT_OF_ORDER;
        }
        return Outcome.ADDED;
    }

    /** The code points of all names and values, or a count above the limit exactly when they are above it. */
    private static int labelSetLength(Labels l) {
        int chars = 0;
        for (int i = 0; i < l.size(); i++) {
            chars += l.name(i).length() + l.value(i).length();
        }
        if (chars <= MAX_LABEL_SET_LENGTH) {
            return chars; // never fewer UTF-16 units than code points: no need to count these
        }
        int len = 0;
        for (int i = 0; i < l.size() && len <= MAX_LABEL_SET_LENGTH; i++) {
            String name = l.name(i);
            String value = l.value(i);
            len += name.codePointCount(0, name.length()) + value.codePointCount(0, value.length());
        }
        return len;
    }

    @Override
    public List<SeriesExemplars> selectExemplars(long start, long end, List<List<Matcher>> matcherSets) {
        List<SeriesExemplars> out = new ArrayList<>();
        lock.readLock().lock();
        try {
            for (SeriesEntry e : index.values()) {
                if (ts[e.oldest] > end || ts[e.newest] < start || !matchesAnySet(e.seriesLabels, matcherSets)) {
                    continue;
                }
                List<Exemplar> found = new ArrayList<>();
                for (int i = e.oldest; i != NONE && ts[i] <= end; i = next[i]) {
                    if (ts[i] >= start) {
                        found.add(new Exemplar(labels[i], values[i], ts[i]));
                    }
                }
                if (!found.isEmpty()) {
                    out.add(new SeriesExemplars(e.seriesLabels, found));
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        out.sort((a, b) -> a.seriesLabels().compareTo(b.seriesLabels()));
        return out;
    }

    private static boolean matchesAnySet(Labels l, List<List<Matcher>> matcherSets) {
        outer:
        for (List<Matcher> set : matcherSets) {
            for (Matcher m : set) {
                String v = l.get(m.name());
                if (!m.matches(v == null ? "" : v)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Changes the capacity, keeping the newest exemplars that fit, in append order; 0 or less disables
     * the storage and drops everything. Returns how many exemplars were kept.
     */
    public int resize(long capacity) {
        int n = clamp(capacity);
        lock.writeLock().lock();
        try {
            int oldLen = owner.length;
            if (n == oldLen) {
                return 0;
            }
            long[] oldTs = ts;
            double[] oldValues = values;
            boolean[] oldHasTs = hasTs;
            Labels[] oldLabels = labels;
            SeriesEntry[] oldOwner = owner;
            int oldNext = nextSlot;
            allocate(n);
            index = new HashMap<>();
            int count = Math.min(n, oldLen);
            int migrated = 0;
            for (int i = 0; i < count; i++) {
                int from = (oldNext - count + oldLen + i) % oldLen;
                if (oldOwner[from] != null) {
                    migrate(oldOwner[from].seriesLabels, oldLabels[from], oldValues[from], oldTs[from], oldHasTs[from]);
                    migrated++;
                }
            }
            return migrated;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Appends into a ring being refilled by {@link #resize}: never full, already validated. */
    private void migrate(Labels series, Labels exemplarLabels, double value, long t, boolean hasTimestamp) {
        int slot = nextSlot;
        store(slot, link(series, slot), exemplarLabels, value, t, hasTimestamp);
    }

    /** The series' entry with {@code slot} chained after its newest exemplar, or a new entry starting there. */
    private SeriesEntry link(Labels series, int slot) {
        SeriesEntry entry = index.get(series);
        if (entry == null) {
            entry = new SeriesEntry(series, slot);
            index.put(series, entry);
        } else {
            next[entry.newest] = slot;
        }
        return entry;
    }

    /** Writes the exemplar into the free {@code slot} as {@code entry}'s newest and advances the ring. */
    private void store(int slot, SeriesEntry entry, Labels exemplarLabels, double value, long t, boolean hasTimestamp) {
        ts[slot] = t;
        values[slot] = value;
        hasTs[slot] = hasTimestamp;
        labels[slot] = exemplarLabels;
        next[slot] = NONE;
        owner[slot] = entry;
        entry.setNewest(slot, exemplarLabels, value, t, hasTimestamp);
        nextSlot = (slot + 1) % owner.length;
    }

    /** Exemplars stored since start ({@code prometheus_tsdb_exemplar_exemplars_appended_total}). */
    public long appendedTotal() {
        return appended.sum();
    }

    /** Exemplars rejected as out of order on add ({@code prometheus_tsdb_exemplar_out_of_order_exemplars_total}). */
    public long outOfOrderTotal() {
        return outOfOrder.sum();
    }

    /** Exemplars in the ring now ({@code prometheus_tsdb_exemplar_exemplars_in_storage}). */
    public int exemplarsInStorage() {
        lock.readLock().lock();
        try {
            if (owner.length == 0) {
                return 0;
            }
            return owner[nextSlot] != null ? owner.length : nextSlot;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Series with at least one exemplar ({@code prometheus_tsdb_exemplar_series_with_exemplars_in_storage}). */
    public int seriesWithExemplars() {
        lock.readLock().lock();
        try {
            return index.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The timestamp in seconds of the exemplar written longest ago, 0 when there is none
     * ({@code prometheus_tsdb_exemplar_last_exemplars_timestamp_seconds}).
     */
    public double oldestTimestampSeconds() {
        lock.readLock().lock();
        try {
            if (owner.length == 0) {
                return 0;
            }
            int oldest = owner[nextSlot] != null ? nextSlot : 0;
            return owner[oldest] != null ? ts[oldest] / 1000.0 : 0;
        } finally {
            lock.readLock().unlock();
        }
    }
}
