package dev.narthex.storage.head;

import dev.narthex.storage.Labels;
import dev.narthex.storage.index.MemPostings;
import dev.narthex.storage.labels.SymbolTable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The head's series, found by label hash (for appends by labels) and by id (for appends by ref and
 * for postings). The hash side is striped with one monitor per stripe; each stripe is an open-addressing
 * table of series keyed by their own hash, so series sharing a hash simply sit in neighbouring slots.
 * New series enter the postings while their hash stripe is held, so a series is created once and
 * indexed before it can be removed.
 *
 * <p>Lock order: hash stripe, then the id table's or the postings' write lock. Readers take the
 * postings read lock, then series monitors; nobody takes a stripe while holding a series monitor.
 */
final class SeriesTable {
    private static final int STRIPES = 1024;

    private final HashStripe[] byHash = new HashStripe[STRIPES];
    private final SeriesById byId = new SeriesById();
    private final AtomicInteger lastId = new AtomicInteger();
    private final SymbolTable symbols;
    private final MemPostings postings;
    private final HeadStats stats;

    SeriesTable(SymbolTable symbols, MemPostings postings, HeadStats stats) {
        this.symbols = symbols;
        this.postings = postings;
        this.stats = stats;
        for (int i = 0; i < STRIPES; i++) {
            byHash[i] = new HashStripe();
        }
    }

    HeadSeries byId(long id) {
        return byId.get(id);
    }

    HeadSeries byLabels(Labels labels, long hash) {
        HashStripe s = byHash[(int) hash & (STRIPES - 1)];
        synchronized (s) {
            return s.find(labels, hash, symbols);
        }
    }

    /** The series with these (validated) labels, created with a new id when absent. */
    HeadSeries getOrCreate(Labels labels, long hash) {
        return getOrCreate(labels, hash, 0);
    }

    /**
     * As {@link #getOrCreate(Labels, long)}, but a new series gets {@code wantedId} when positive (WAL
     * replay restores the ids samples refer to). Ids handed out later stay above every id seen.
     */
    HeadSeries getOrCreate(Labels labels, long hash, int wantedId) {
        HashStripe s = byHash[(int) hash & (STRIPES - 1)];
        synchronized (s) {
            HeadSeries found = s.find(labels, hash, symbols);
            if (found != null) {
                return found;
            }
            int id;
            if (wantedId > 0) {
                id = wantedId;
                lastId.accumulateAndGet(wantedId, Math::max);
            } else {
                id = lastId.incrementAndGet();
            }
            HeadSeries series = new HeadSeries(id, hash, SeriesLabels.encode(labels, symbols));
            s.add(series);
            byId.put(series);
            postings.add(id, labels); // holds the interned strings now (SeriesLabels.encode)
            stats.seriesCreated.increment();
            return series;
        }
    }

    /** Removes a series already marked removed under its own monitor. */
    void remove(HeadSeries series) {
        HashStripe s = byHash[(int) series.hash & (STRIPES - 1)];
        synchronized (s) {
            s.remove(series);
            byId.remove(series);
            postings.remove(series.id, series.labels(symbols));
            stats.seriesRemoved.increment();
        }
    }

    /** Visits every series (lock-free; series created or removed meanwhile may be missed or seen). */
    void forEach(Consumer<HeadSeries> action) {
        byId.forEach(action);
    }

    /**
     * One stripe of the hash side: linear probing over series references, at most half full, with
     * deletion by backward shift. Guarded by its own monitor.
     */
    private static final class HashStripe {
        private HeadSeries[] slots = new HeadSeries[8];
        private int size;

        HeadSeries find(Labels labels, long hash, SymbolTable symbols) {
            int mask = slots.length - 1;
            for (int i = home(hash, mask); ; i = (i + 1) & mask) {
                HeadSeries c = slots[i];
                if (c == null) {
                    return null;
                }
                if (c.hash == hash && c.sameLabels(labels, symbols)) {
                    return c;
                }
            }
        }

        void add(HeadSeries s) {
            if ((size + 1) * 2 > slots.length) {
                HeadSeries[] old = slots;
                slots = new HeadSeries[old.length * 2];
                for (HeadSeries o : old) {
                    if (o != null) {
                        insert(o);
                    }
                }
            }
            insert(s);
            size++;
        }

        private void insert(HeadSeries s) {
            int mask = slots.length - 1;
            int i = home(s.hash, mask);
            while (slots[i] != null) {
                i = (i + 1) & mask;
            }
            slots[i] = s;
        }

        void remove(HeadSeries s) {
            int mask = slots.length - 1;
            int i = home(s.hash, mask);
            while (slots[i] != s) {
                if (slots[i] == null) {
                    return;
                }
                i = (i + 1) & mask;
            }
            size--;
            // Backward shift: move later entries of the probe run into the hole so lookups never stop early.
            int hole = i;
            for (int j = (hole + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
                int h = home(slots[j].hash, mask);
                boolean movable = hole <= j ? (h <= hole || h > j) : (h <= hole && h > j);
                if (movable) {
                    slots[hole] = slots[j];
                    hole = j;
                }
            }
            slots[hole] = null;
        }

        /** The low bits pick the stripe; the slot comes from a mix of all bits. */
        private static int home(long hash, int mask) {
            return (int) ((hash * 0x9E3779B97F4A7C15L) >>> 40) & mask;
        }
    }
}
