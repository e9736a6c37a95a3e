package dev.narthex.storage.head;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * The head's series by id. Ids are handed out in sequence, so a paged array holds them with one
 * reference (4 bytes with compressed oops) per id instead of a hash map's key, value and free slots,
 * and an append by ref finds its series with two array loads and no lock. A page whose series were
 * all removed is freed.
 *
 * <p>Thread-safe: {@link #get} and {@link #forEach} are lock-free and see every series whose
 * {@link #put} happened before; writers are serialized by this object's monitor.
 */
final class SeriesById {
    private static final int PAGE_BITS = 12;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final VarHandle PAGES = MethodHandles.arrayElementVarHandle(HeadSeries[][].class);
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(HeadSeries[].class);

    private volatile HeadSeries[][] pages = new HeadSeries[16][];
    /** Live series per page; guarded by this. */
    private int[] live = new int[16];

    /** The series with this id, or null. */
    HeadSeries get(long id) {
        if (id <= 0 || id > Integer.MAX_VALUE) {
            return null;
        }
        HeadSeries[][] p = pages;
        int pi = (int) (id >>> PAGE_BITS);
        if (pi >= p.length) {
            return null;
        }
        HeadSeries[] page = (HeadSeries[]) PAGES.getAcquire(p, pi);
        return page == null ? null : (HeadSeries) SLOTS.getAcquire(page, (int) id & (PAGE_SIZE - 1));
    }

    /** Stores a series under its (positive, unused) id. */
    synchronized void put(HeadSeries s) {
        int pi = s.id >>> PAGE_BITS;
        HeadSeries[][] p = pages;
        if (pi >= p.length) {
            int cap = Math.max(pi + 1, p.length * 2);
            HeadSeries[][] grown = new HeadSeries[cap][];
            System.arraycopy(p, 0, grown, 0, p.length);
            int[] liveGrown = new int[cap];
            System.arraycopy(live, 0, liveGrown, 0, live.length);
            live = liveGrown;
            pages = grown; // volatile write: readers of the new directory see the copied pages
            p = grown;
        }
        HeadSeries[] page = p[pi];
        if (page == null) {
            page = new HeadSeries[PAGE_SIZE];
            PAGES.setRelease(p, pi, page);
        }
        SLOTS.setRelease(page, s.id & (PAGE_SIZE - 1), s);
        live[pi]++;
    }

    /** Removes the series stored under its id, if it is that series. */
    synchronized void remove(HeadSeries s) {
        int pi = s.id >>> PAGE_BITS;
        HeadSeries[][] p = pages;
        HeadSeries[] page = pi < p.length ? p[pi] : null;
        int slot = s.id & (PAGE_SIZE - 1);
        if (page == null || page[slot] != s) {
            return;
        }
        SLOTS.setRelease(page, slot, null);
        if (--live[pi] == 0) {
            PAGES.setRelease(p, pi, null);
        }
    }

    /** Visits the series present when each page is read, in id order. */
    void forEach(Consumer<HeadSeries> action) {
        HeadSeries[][] p = pages;
        for (int pi = 0; pi < p.length; pi++) {
            HeadSeries[] page = (HeadSeries[]) PAGES.getAcquire(p, pi);
            if (page == null) {
                continue;
            }
            for (int i = 0; i < PAGE_SIZE; i++) {
                HeadSeries s = (HeadSeries) SLOTS.getAcquire(page, i);
                if (s != null) {
                    action.accept(s);
                }
            }
        }
    }
}
