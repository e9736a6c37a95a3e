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

        @Override
        public void read(long mint, long maxt, SampleBuffer out) {
            if (buffers == null) {
                buffers = new SampleBuffer[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    buffers[i] = new SampleBuffer();
                }
                cursors = new int[parts.length];
            }
            for (int i = 0; i < parts.length; i++) {
                buffers[i].clear();
                parts[i].read(mint, maxt, buffers[i]);
                cursors[i] = 0;
            }
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
         * The common case of blocks that do not overlap in time: when the non-empty parts, ordered by their
         * first sample, each end before the next begins, they are copied in that order in bulk. Returns false
         * (having written nothing) when some parts overlap and need the sample-by-sample merge.
         */
        private boolean appendDisjoint(SampleBuffer out) {
            int[] order = cursors;
            int n = 0;
            for (int i = 0; i < parts.length; i++) {
                if (!buffers[i].isEmpty()) {
                    // insertion sort by first timestamp; parts are few
                    long first = buffers[i].timestamp(0);
                    int j = n++;
                    while (j > 0 && buffers[order[j - 1]].timestamp(0) > first) {
                        order[j] = order[j - 1];
                        j--;
                    }
                    order[j] = i;
                }
            }
            int total = 0;
            for (int k = 0; k < n; k++) {
                SampleBuffer b = buffers[order[k]];
                if (k > 0 && buffers[order[k - 1]].timestamp(buffers[order[k - 1]].size() - 1) >= b.timestamp(0)) {
                    Arrays.fill(cursors, 0);
                    return false;
                }
                total += b.size();
            }
            int at = out.reserve(total);
            for (int k = 0; k < n; k++) {
                SampleBuffer b = buffers[order[k]];
                System.arraycopy(b.timestamps(), 0, out.timestamps(), at, b.size());
                System.arraycopy(b.values(), 0, out.values(), at, b.size());
                at += b.size();
            }
            out.setSize(at);
            Arrays.fill(cursors, 0);
            return true;
        }
    }
}
