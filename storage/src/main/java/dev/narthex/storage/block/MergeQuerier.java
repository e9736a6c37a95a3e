package dev.narthex.storage.block;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Merges several queriers (blocks, later the head) into one: series with equal labels become one series
 * whose samples are concatenated by time; where sources hold the same timestamp, the sample of the querier
 * listed first wins. Owns the queriers and closes them. Not thread-safe; merged series may be read from
 * different threads, each reusing its own buffers.
 */
public final class MergeQuerier implements Querier {
    private final List<Querier> queriers;

    public MergeQuerier(List<? extends Querier> queriers) {
        this.queriers = List.copyOf(queriers);
    }

    /** The merged queriers, in priority order (first wins on equal timestamps). */
    List<Querier> sources() {
        return queriers;
    }

    @Override
    public List<Series> select(List<Matcher> matchers) {
        if (queriers.size() == 1) {
            return queriers.get(0).select(matchers);
        }
        List<List<Series>> lists = new ArrayList<>(queriers.size());
        for (Querier q : queriers) {
            lists.add(q.select(matchers));
        }
        int[] pos = new int[lists.size()];
        List<Series> out = new ArrayList<>();
        List<Series> same = new ArrayList<>();
        while (true) {
            Labels min = null;
            for (int i = 0; i < lists.size(); i++) {
                if (pos[i] < lists.get(i).size()) {
                    Labels l = lists.get(i).get(pos[i]).labels();
                    if (min == null || l.compareTo(min) < 0) {
                        min = l;
                    }
                }
            }
            if (min == null) {
                return out;
            }
            same.clear();
            for (int i = 0; i < lists.size(); i++) {
                if (pos[i] < lists.get(i).size() && lists.get(i).get(pos[i]).labels().equals(min)) {
                    same.add(lists.get(i).get(pos[i]++));
                }
            }
            out.add(same.size() == 1 ? same.get(0) : new MergedSeries(min, same.toArray(new Series[0])));
        }
    }

    @Override
    public List<String> labelNames(List<Matcher> matchers) {
        TreeSet<String> names = new TreeSet<>();
        for (Querier q : queriers) {
            names.addAll(q.labelNames(matchers));
        }
        return new ArrayList<>(names);
    }

    @Override
    public List<String> labelValues(String name, List<Matcher> matchers) {
        TreeSet<String> values = new TreeSet<>();
        for (Querier q : queriers) {
            values.addAll(q.labelValues(name, matchers));
        }
        return new ArrayList<>(values);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (Querier q : queriers) {
            try {
                q.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** One series present in several sources. */
    static final class MergedSeries implements Series {
        /** Per reading thread: where pieces wait while they are put in order. */
        private static final ThreadLocal<SampleBuffer> SCRATCH = ThreadLocal.withInitial(() -> new SampleBuffer(1024));
        /**
         * Samples up to which the per-thread scratch is reused (1 MiB of columns); a longer series gets a
         * buffer of its own, so that one long read does not pin memory in every thread that ever merged.
         */
        static final int MAX_CACHED_SCRATCH = 1 << 16;

        private final Labels labels;
        private final Series[] parts;
        private int[] from;
        private int[] to;
        private int[] order;

        MergedSeries(Labels labels, Series[] parts) {
            this.labels = labels;
            this.parts = parts;
        }

        @Override
        public Labels labels() {
            return labels;
        }

        /**
         * Parts are appended to {@code out} directly, the last listed (usually the oldest block) first: for
         * blocks that do not overlap in time and were listed newest first, they land in time order and nothing
         * else is done. Otherwise the appended pieces are moved aside and put back in order, in bulk when they
         * do not overlap, else merged sample by sample.
         */
        @Override
        public void read(long mint, long maxt, SampleBuffer out) {
            read(mint, maxt, out, false);
        }

        @Override
        public void readPresence(long mint, long maxt, SampleBuffer out) {
            read(mint, maxt, out, true);
        }

        private void read(long mint, long maxt, SampleBuffer out, boolean presence) {
            if (from == null) {
                from = new int[parts.length];
                to = new int[parts.length];
            }
            int base = out.size();
            int staleBase = out.staleCount();
            boolean ordered = true;
            long lastT = Long.MIN_VALUE;
            for (int i = parts.length - 1; i >= 0; i--) {
                from[i] = out.size();
                int staleFrom = out.staleCount();
                if (presence) {
                    parts[i].readPresence(mint, maxt, out);
                } else {
                    parts[i].read(mint, maxt, out);
                }
                to[i] = out.size();
                long first = Long.MAX_VALUE;
                long last = Long.MIN_VALUE;
                if (to[i] > from[i]) {
                    first = out.timestamp(from[i]);
                    last = out.timestamp(to[i] - 1);
                }
                if (out.staleCount() > staleFrom) {
                    // A presence read's stale markers span the part's time too.
                    first = Math.min(first, out.staleTimes()[staleFrom]);
                    last = Math.max(last, out.staleTimes()[out.staleCount() - 1]);
                }
                if (first <= last) {
                    ordered &= first > lastT;
                    lastT = last;
                }
            }
            if (ordered) {
                return;
            }
            if (presence) {
                // Out-of-order or overlapping sources (rare): merge with values, which decide equal timestamps.
                out.setSize(base);
                out.truncateStaleTimes(staleBase);
                read(mint, maxt, out, false);
                out.moveStaleMarkers(base);
                return;
            }
            reorder(base, out);
        }

        /**
         * Puts the appended pieces in time order: moved aside to a per-thread scratch buffer, then copied back
         * in bulk ordered by their first sample when they do not overlap, else merged sample by sample.
         */
        private void reorder(int base, SampleBuffer out) {
            int n = out.size() - base;
            SampleBuffer scratch = n > MAX_CACHED_SCRATCH ? new SampleBuffer(n) : SCRATCH.get();
            scratch.clear();
            scratch.reserve(n);
            System.arraycopy(out.timestamps(), base, scratch.timestamps(), 0, n);
            System.arraycopy(out.values(), base, scratch.values(), 0, n);
            scratch.setSize(n);
            if (out.hasStartTimes()) {
                for (int i = 0; i < n; i++) {
                    long st = out.startTime(base + i);
                    if (st != 0) {
                        scratch.setStartTime(i, st);
                    }
                }
            }
            for (int i = 0; i < parts.length; i++) {
                from[i] -= base;
                to[i] -= base;
            }
            out.setSize(base);
            if (!appendDisjoint(scratch, out)) {
                mergeOverlapping(scratch, out);
            }
        }

        /**
         * When the non-empty pieces, ordered by their first sample, each end before the next begins, appends
         * them in that order and returns true; otherwise returns false having written nothing.
         */
        private boolean appendDisjoint(SampleBuffer src, SampleBuffer out) {
            if (order == null) {
                order = new int[parts.length];
            }
            long[] ts = src.timestamps();
            int n = 0;
            for (int i = 0; i < parts.length; i++) {
                if (to[i] > from[i]) {
                    long first = ts[from[i]];
                    int j = n++;
                    while (j > 0 && ts[from[order[j - 1]]] > first) {
                        order[j] = order[j - 1];
                        j--;
                    }
                    order[j] = i;
                }
            }
            for (int k = 1; k < n; k++) {
                if (ts[to[order[k - 1]] - 1] >= ts[from[order[k]]]) {
                    return false;
                }
            }
            for (int k = 0; k < n; k++) {
                int i = order[k];
                int len = to[i] - from[i];
                int at = out.reserve(len);
                System.arraycopy(ts, from[i], out.timestamps(), at, len);
                System.arraycopy(src.values(), from[i], out.values(), at, len);
                out.setSize(at + len);
                if (src.hasStartTimes()) {
                    for (int j = 0; j < len; j++) {
                        long st = src.startTime(from[i] + j);
                        if (st != 0) {
                            out.setStartTime(at + j, st);
                        }
                    }
                }
            }
            return true;
        }

        /** Sample-by-sample merge of overlapping pieces; at equal timestamps the part listed first wins. */
        private void mergeOverlapping(SampleBuffer src, SampleBuffer out) {
            long[] ts = src.timestamps();
            double[] vs = src.values();
            int[] cursor = from;
            while (true) {
                int best = -1;
                long bestT = Long.MAX_VALUE;
                for (int i = 0; i < parts.length; i++) {
                    if (cursor[i] < to[i] && (best < 0 || ts[cursor[i]] < bestT)) {
                        best = i;
                        bestT = ts[cursor[i]];
                    }
                }
                if (best < 0) {
                    return;
                }
                out.add(bestT, vs[cursor[best]], src.startTime(cursor[best]));
                for (int i = 0; i < parts.length; i++) {
                    if (cursor[i] < to[i] && ts[cursor[i]] == bestT) {
                        cursor[i]++;
                    }
                }
            }
        }
    }
}
