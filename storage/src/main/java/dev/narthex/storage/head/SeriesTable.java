package dev.narthex.storage.head;

import dev.narthex.storage.Labels;
import dev.narthex.storage.index.MemPostings;
import dev.narthex.storage.labels.SymbolTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The head's series, found by label hash (for appends by labels) and by id (for appends by ref and
 * for postings). Both maps are striped with one monitor per stripe; hash collisions keep an array of
 * series under one hash. New series enter the postings while their hash stripe is held, so a series
 * is created once and indexed before it can be removed.
 *
 * <p>Lock order: hash stripe, then id stripe or postings write lock. Readers take the postings read
 * lock, then id stripes and series monitors; nobody takes a stripe while holding a series monitor.
 */
final class SeriesTable {
    private static final int STRIPES = 1024;

    private final Stripe[] byHash = new Stripe[STRIPES];
    private final Stripe[] byId = new Stripe[STRIPES];
    private final AtomicInteger lastId = new AtomicInteger();
    private final SymbolTable symbols;
    private final MemPostings postings;
    private final HeadStats stats;

    SeriesTable(SymbolTable symbols, MemPostings postings, HeadStats stats) {
        this.symbols = symbols;
        this.postings = postings;
        this.stats = stats;
        for (int i = 0; i < STRIPES; i++) {
            byHash[i] = new Stripe();
            byId[i] = new Stripe();
        }
    }

    HeadSeries byId(long id) {
        if (id <= 0 || id > Integer.MAX_VALUE) {
            return null;
        }
        Stripe s = byId[(int) id & (STRIPES - 1)];
        synchronized (s) {
            return (HeadSeries) s.map.get(id);
        }
    }

    HeadSeries byLabels(Labels labels, long hash) {
        Stripe s = byHash[(int) hash & (STRIPES - 1)];
        synchronized (s) {
            return find(s, labels, hash);
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
        Stripe s = byHash[(int) hash & (STRIPES - 1)];
        synchronized (s) {
            HeadSeries found = find(s, labels, hash);
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
            int[] syms = new int[labels.size() * 2];
            for (int i = 0; i < labels.size(); i++) {
                syms[2 * i] = symbols.intern(labels.name(i));
                syms[2 * i + 1] = symbols.intern(labels.value(i));
            }
            HeadSeries series = new HeadSeries(id, hash, syms);
            Object prev = s.map.get(hash);
            if (prev == null) {
                s.map.put(hash, series);
            } else {
                HeadSeries[] chain = prev instanceof HeadSeries one ? new HeadSeries[] {one} : (HeadSeries[]) prev;
                HeadSeries[] grown = Arrays.copyOf(chain, chain.length + 1);
                grown[chain.length] = series;
                s.map.put(hash, grown);
            }
            Stripe ids = byId[id & (STRIPES - 1)];
            synchronized (ids) {
                ids.map.put(id, series);
            }
            postings.add(id, series.labels(symbols));
            stats.seriesCreated.increment();
            return series;
        }
    }

    private HeadSeries find(Stripe s, Labels labels, long hash) {
        Object v = s.map.get(hash);
        if (v instanceof HeadSeries one) {
            return one.sameLabels(labels, symbols) ? one : null;
        }
        if (v instanceof HeadSeries[] chain) {
            for (HeadSeries c : chain) {
                if (c.sameLabels(labels, symbols)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Removes a series already marked removed under its own monitor. */
    void remove(HeadSeries series) {
        Stripe s = byHash[(int) series.hash & (STRIPES - 1)];
        synchronized (s) {
            Object v = s.map.get(series.hash);
            if (v == series) {
                s.map.remove(series.hash);
            } else if (v instanceof HeadSeries[] chain) {
                List<HeadSeries> rest = new ArrayList<>(chain.length);
                for (HeadSeries c : chain) {
                    if (c != series) {
                        rest.add(c);
                    }
                }
                s.map.put(series.hash, rest.size() == 1 ? rest.get(0) : rest.toArray(new HeadSeries[0]));
            }
            Stripe ids = byId[series.id & (STRIPES - 1)];
            synchronized (ids) {
                ids.map.remove(series.id);
            }
            postings.remove(series.id, series.labels(symbols));
            stats.seriesRemoved.increment();
        }
    }

    /** Visits every series; each stripe is copied under its monitor and visited outside it. */
    void forEach(Consumer<HeadSeries> action) {
        for (Stripe s : byId) {
            List<HeadSeries> copy = new ArrayList<>();
            synchronized (s) {
                s.map.forEachValue(v -> copy.add((HeadSeries) v));
            }
            copy.forEach(action);
        }
    }

    private static final class Stripe {
        final LongObjectMap<Object> map = new LongObjectMap<>();
    }
}
