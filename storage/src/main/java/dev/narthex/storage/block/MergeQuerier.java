package dev.narthex.storage.block;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import java.util.ArrayList;
import java.util.Arrays;
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
        private final Labels labels;
        private final Series[] parts;
        private int[] from;
        private int[] to;
        private SampleBuffer[] buffers;
        private int[] cursors;

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
            if (from == null) {
                from = new int[parts.length];
                to = new int[parts.length];
            }
            int base = out.size();
            boolean ordered = true;
            long lastT = Long.MIN_VALUE;
            for (int i = parts.length - 1; i >= 0; i--) {
                from[i] = out.size();
                parts[i].read(mint, maxt, out);
                to[i] = out.size();
                if (to[i] > from[i]) {
                    ordered &= out.timestamp(from[i]) > lastT;
                    lastT = out.timestamp(to[i] - 1);
                }
            }
            if (!ordered) {
                reorder(base, out);
            }
        }

        private void reorder(int base, SampleBuffer out) {
            if (buffers == null) {
                buffers = new SampleBuffer[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    buffers[i] = new SampleBuffer();
                }
                cursors = new int[parts.length];
            }
            for (int i = 0; i < parts.length; i++) {
                SampleBuffer b = buffers[i];
                b.clear();
                int n = to[i] - from[i];
                int at = b.reserve(n);
                System.arraycopy(out.timestamps(), from[i], b.timestamps(), at, n);
                System.arraycopy(out.values(), from[i], b.values(), at, n);
                b.setSize(at + n);
                cursors[i] = 0;
            }
            out.setSize(base);
            if (appendDisjoint(out)) {
                return;
            }
            while (true) {
                int best = -1;
                long bestT = Long.MAX_VALUE;
                for (int i = 0; i < parts.length; i++) {
                    if (cursors[i] < buffers[i].size()) {
                        long t = buffers[i].timestamp(cursors[i]);
                        if (best < 0 || t < bestT) {
                            best = i;
                            bestT = t;
                        }
                    }
                }
                if (best < 0) {
                    return;
                }
                out.add(bestT, buffers[best].value(cursors[best]));
                for (int i = 0; i < parts.length; i++) {
                    if (cursors[i] < buffers[i].size() && buffers[i].timestamp(cursors[i]) == bestT) {
                        cursors[i]++;
                    }
                }
            }
        }

        /**
         * When the non-empty parts, ordered by their first sample, each end before the next begins, appends
         * them in that order in bulk and returns true; otherwise returns false having written nothing.
         */
        private boolean appendDisjoint(SampleBuffer out) {
            int[] order = cursors;
            int n = 0;
            for (int i = 0; i < parts.length; i++) {
                if (!buffers[i].isEmpty()) {
                    long first = buffers[i].timestamp(0);
                    int j = n++;
                    while (j > 0 && buffers[order[j - 1]].timestamp(0) > first) {
                        order[j] = order[j - 1];
                        j--;
                    }
                    order[j] = i;
                }
            }
            boolean disjoint = true;
            for (int k = 1; k < n && disjoint; k++) {
                SampleBuffer prev = buffers[order[k - 1]];
                disjoint = prev.timestamp(prev.size() - 1) < buffers[order[k]].timestamp(0);
            }
            if (disjoint) {
                for (int k = 0; k < n; k++) {
                    SampleBuffer b = buffers[order[k]];
                    int at = out.reserve(b.size());
                    System.arraycopy(b.timestamps(), 0, out.timestamps(), at, b.size());
                    System.arraycopy(b.values(), 0, out.values(), at, b.size());
                    out.setSize(at + b.size());
                }
            }
            Arrays.fill(cursors, 0);
            return disjoint;
        }
    }
}
