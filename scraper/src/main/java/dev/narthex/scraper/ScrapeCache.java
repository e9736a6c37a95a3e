package dev.narthex.scraper;

import dev.narthex.storage.Labels;
import java.util.Arrays;

/**
 * Per-target map from the raw series bytes of an exposition line to what Narthex knows about that series:
 * its storage reference, its final labels (after target labels and metric relabeling), or that it was
 * dropped. Open addressing over a 64-bit hash of the bytes, so a lookup allocates nothing.
 * Also tracks which series each scrape saw, for staleness. Used by one scrape loop thread at a time.
 *
 * <p>A target exposes its series in the same order scrape after scrape, so each entry remembers the entry
 * that followed it last time: {@link #find} first compares the line with that prediction, which walks
 * the entries in allocation order (cache friendly) and needs no hash; only a mispredicted line is hashed
 * and probed.
 */
final class ScrapeCache {
    /** A cached series. {@code seen} is the scrape iteration that last appended it with staleness tracking. */
    static final class Entry {
        final byte[] key;
        final long hash;
        Labels labels;
        long ref;
        boolean dropped;
        long seen = -1;
        long prevSeen = -1;
        long lastUsed;
        boolean createdThisScrape;
        /** The entry that followed this one in the last scrape that met both: the next line's prediction. */
        Entry next;

        Entry(byte[] key, long hash) {
            this.key = key;
            this.hash = hash;
        }
    }

    private static final int EVICT_AFTER_SCRAPES = 10;

    private Entry[] table = new Entry[1024];
    /** The entries in the order they were added, {@code [0, size)}: walks over all of them stay sequential. */
    private Entry[] entries = new Entry[512];
    private int size;
    /** The first entry of the last scrape, the prediction for a scrape's first line. */
    private Entry first;
    /** The entry found or added last in the current scrape; null before its first line. */
    private Entry previous;
    /** Hash of the line the last {@link #find} missed, for the {@link #add} that follows. */
    private long missHash;

    private static long hash(byte[] b, int from, int to) {
        long h = 0x9E3779B97F4A7C15L ^ (to - from);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long k = (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24
                    | (b[i + 4] & 0xffL) << 32 | (b[i + 5] & 0xffL) << 40 | (b[i + 6] & 0xffL) << 48 | (b[i + 7] & 0xffL) << 56;
            h = (h ^ mix(k)) * 0x9E3779B97F4A7C15L;
        }
        for (; i < to; i++) {
            h = (h ^ (b[i] & 0xff)) * 0x100000001b3L;
        }
        return mix(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /** Starts a scrape: the next {@link #find} is predicted to meet the first series of the last scrape. */
    void startScrape() {
        previous = null;
    }

    /**
     * The entry for the series bytes {@code b[from, to)}, or null when they are new (then {@link #add}
     * them). Series are found in the order of the body, each one linked as the prediction after the
     * previous one.
     */
    Entry find(byte[] b, int from, int to) {
        Entry guess = previous == null ? first : previous.next;
        Entry e;
        if (guess != null && Arrays.equals(guess.key, 0, guess.key.length, b, from, to)) {
            e = guess;
        } else {
            missHash = hash(b, from, to);
            e = get(b, from, to, missHash);
            if (e == null) {
                return null;
            }
        }
        follow(e);
        return e;
    }

    /** Adds the series bytes {@code b[from, to)} that the last {@link #find} did not know. */
    Entry add(byte[] b, int from, int to) {
        Entry e = add(b, from, to, missHash);
        follow(e);
        return e;
    }

    private void follow(Entry e) {
        if (previous == null) {
            first = e;
        } else {
            previous.next = e;
        }
        previous = e;
    }

    /** The entry for {@code b[from, to)}, or null. */
    private Entry get(byte[] b, int from, int to, long hash) {
        int mask = table.length - 1;
        for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
            Entry e = table[i];
            if (e == null) {
                return null;
            }
            if (e.hash == hash && Arrays.equals(e.key, 0, e.key.length, b, from, to)) {
                return e;
            }
        }
    }

    private Entry add(byte[] b, int from, int to, long hash) {
        if ((size + 1) * 2 > table.length) {
            rehash(table.length * 2);
        }
        Entry e = new Entry(Arrays.copyOfRange(b, from, to), hash);
        insert(table, e);
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        entries[size++] = e;
        return e;
    }

    private static void insert(Entry[] t, Entry e) {
        int mask = t.length - 1;
        int i = (int) e.hash & mask;
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = e;
    }

    private void rehash(int capacity) {
        Entry[] n = new Entry[capacity];
        for (int k = 0; k < size; k++) {
            insert(n, entries[k]);
        }
        table = n;
    }

    int size() {
        return size;
    }

    /** Calls {@code f} for every entry. */
    void forEach(java.util.function.Consumer<Entry> f) {
        for (int k = 0; k < size; k++) {
            f.accept(entries[k]);
        }
    }

    private static boolean live(Entry e, long iteration) {
        return e.lastUsed + EVICT_AFTER_SCRAPES >= iteration;
    }

    /** Forgets series not met for several scrapes, as Prometheus does, so churn does not grow the cache. */
    void evict(long iteration) {
        int live = 0;
        for (int k = 0; k < size; k++) {
            if (live(entries[k], iteration)) {
                live++;
            }
        }
        if (live == size) {
            return;
        }
        int cap = 1024;
        while (live * 2 > cap) {
            cap *= 2;
        }
        Entry[] n = new Entry[cap];
        int kept = 0;
        for (int k = 0; k < size; k++) {
            Entry e = entries[k];
            if (live(e, iteration)) {
                if (e.next != null && !live(e.next, iteration)) {
                    e.next = null; // no prediction may lead to a forgotten entry
                }
                insert(n, e);
                entries[kept++] = e;
            }
        }
        Arrays.fill(entries, kept, size, null);
        if (first != null && !live(first, iteration)) {
            first = null;
        }
        table = n;
        size = live;
    }
}
