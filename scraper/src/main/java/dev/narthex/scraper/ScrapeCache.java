package dev.narthex.scraper;

import dev.narthex.storage.Labels;
import java.util.Arrays;

/**
 * Per-target map from the raw series bytes of an exposition line to what Narthex knows about that series:
 * its storage reference, its final labels (after target labels and metric relabeling), or that it was
 * dropped. Open addressing over a 64-bit hash of the bytes, so a steady-state lookup allocates nothing.
 * Also tracks which series each scrape saw, for staleness. Used by one scrape loop thread at a time.
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

        Entry(byte[] key, long hash) {
            this.key = key;
            this.hash = hash;
        }
    }

    private static final int EVICT_AFTER_SCRAPES = 10;

    private Entry[] table = new Entry[1024];
    private int size;

    static long hash(byte[] b, int from, int to) {
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

    /** The entry for {@code b[from, to)}, or null. */
    Entry get(byte[] b, int from, int to, long hash) {
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

    Entry add(byte[] b, int from, int to, long hash) {
        if ((size + 1) * 2 > table.length) {
            rehash(table.length * 2);
        }
        Entry e = new Entry(Arrays.copyOfRange(b, from, to), hash);
        insert(table, e);
        size++;
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
        for (Entry e : table) {
            if (e != null) {
                insert(n, e);
            }
        }
        table = n;
    }

    int size() {
        return size;
    }

    /** Calls {@code f} for every entry. */
    void forEach(java.util.function.Consumer<Entry> f) {
        for (Entry e : table) {
            if (e != null) {
                f.accept(e);
            }
        }
    }

    /** Forgets series not met for several scrapes, as Prometheus does, so churn does not grow the cache. */
    void evict(long iteration) {
        int live = 0;
        for (Entry e : table) {
            if (e != null && e.lastUsed + EVICT_AFTER_SCRAPES >= iteration) {
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
        for (Entry e : table) {
            if (e != null && e.lastUsed + EVICT_AFTER_SCRAPES >= iteration) {
                insert(n, e);
            }
        }
        table = n;
        size = live;
    }
}
