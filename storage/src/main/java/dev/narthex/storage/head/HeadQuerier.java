package dev.narthex.storage.head;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import dev.narthex.storage.chunk.XorIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reads the head over {@code [mint, maxt]}. Series are selected through the postings, kept only when
 * they have a sample in the range, and read lazily: each {@link Series#read} decodes the series'
 * chunks under its monitor, so it sees every commit applied before the read. Not thread-safe, but
 * the series it returns may be read from different threads.
 */
final class HeadQuerier implements Querier {
    private final Head head;
    private final long mint;
    private final long maxt;
    private final XorIterator it = new XorIterator();

    HeadQuerier(Head head, long mint, long maxt) {
        this.head = head;
        this.mint = mint;
        this.maxt = maxt;
    }

    @Override
    public List<Series> select(List<Matcher> matchers) {
        return selectIds(head.postings.select(matchers));
    }

    List<Series> selectIds(RoaringBitmap ids) {
        List<Series> out = new ArrayList<>();
        if (mint > maxt) {
            return out;
        }
        IntIterator ii = ids.getIntIterator();
        while (ii.hasNext()) {
            HeadSeries s = head.series.byId(ii.next());
            if (s != null && inRange(s)) {
                out.add(new HeadSeriesView(s.labels(head.symbols), s));
            }
        }
        out.sort(Comparator.comparing(Series::labels));
        return out;
    }

    private boolean inRange(HeadSeries s) {
        synchronized (s) {
            return s.hasSampleIn(mint, maxt, it);
        }
    }

    @Override
    public List<String> labelNames(List<Matcher> matchers) {
        if (matchers.isEmpty()) {
            // Checked inside the postings read lock, so the bitmaps stay stable while they are scanned.
            return head.postings.read(index -> {
                List<String> names = new ArrayList<>();
                for (String name : index.labelNames()) {
                    List<String> values = index.sortedValues(name);
                    for (int i = 0; i < values.size(); i++) {
                        if (anyInRange(index.postings(name, i))) {
                            names.add(name);
                            break;
                        }
                    }
                }
                return names;
            });
        }
        TreeSet<String> names = new TreeSet<>();
        forEachSelected(matchers, s -> names.addAll(s.labels(head.symbols).names()));
        return new ArrayList<>(names);
    }

    @Override
    public List<String> labelValues(String name, List<Matcher> matchers) {
        if (matchers.isEmpty()) {
            return head.postings.read(index -> {
                List<String> values = index.sortedValues(name);
                List<String> out = new ArrayList<>();
                for (int i = 0; i < values.size(); i++) {
                    if (anyInRange(index.postings(name, i))) {
                        out.add(values.get(i));
                    }
                }
                return out;
            });
        }
        TreeSet<String> values = new TreeSet<>();
        forEachSelected(matchers, s -> {
            String v = s.labels(head.symbols).get(name);
            if (!v.isEmpty()) {
                values.add(v);
            }
        });
        return new ArrayList<>(values);
    }

    private boolean anyInRange(RoaringBitmap ids) {
        IntIterator ii = ids.getIntIterator();
        while (ii.hasNext()) {
            HeadSeries s = head.series.byId(ii.next());
            if (s != null && inRange(s)) {
                return true;
            }
        }
        return false;
    }

    private void forEachSelected(List<Matcher> matchers, Consumer<HeadSeries> action) {
        IntIterator ii = head.postings.select(matchers).getIntIterator();
        while (ii.hasNext()) {
            HeadSeries s = head.series.byId(ii.next());
            if (s != null && inRange(s)) {
                action.accept(s);
            }
        }
    }

    @Override
    public void close() {
    }

    private final class HeadSeriesView implements Series {
        private final Labels labels;
        private final HeadSeries series;

        HeadSeriesView(Labels labels, HeadSeries series) {
            this.labels = labels;
            this.series = series;
        }

        @Override
        public Labels labels() {
            return labels;
        }

        @Override
        public void read(long from, long to, SampleBuffer out) {
            long lo = Math.max(from, mint);
            long hi = Math.min(to, maxt);
            if (lo > hi) {
                return;
            }
            XorIterator decoder = new XorIterator(); // one per read: series may be read on several threads
            synchronized (series) {
                series.read(lo, hi, out, decoder);
            }
        }
    }
}
