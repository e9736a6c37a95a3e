package dev.narthex.storage.tsdb;

import dev.narthex.storage.index.PostingsIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A point-in-time summary of the head for {@code /api/v1/status/tsdb}, in the shape of Prometheus's
 * answer: head totals and four top-10 lists.
 *
 * @param numSeries series in the head
 * @param numLabelPairs distinct label name/value pairs in the head
 * @param chunkCount chunks in the head
 * @param minTime oldest head sample, {@link Long#MAX_VALUE} when empty
 * @param maxTime newest head sample, {@link Long#MIN_VALUE} when empty
 * @param seriesCountByMetricName series per {@code __name__} value
 * @param labelValueCountByLabelName distinct values per label name
 * @param memoryInBytesByLabelName bytes of label values per name, each value counted once per series
 * @param seriesCountByLabelValuePair series per {@code name=value} pair
 */
public record TsdbStats(long numSeries, long numLabelPairs, long chunkCount, long minTime, long maxTime,
                        List<Entry> seriesCountByMetricName, List<Entry> labelValueCountByLabelName,
                        List<Entry> memoryInBytesByLabelName, List<Entry> seriesCountByLabelValuePair) {
    static final int TOP = 10;

    /** One row of a top-10 list. */
    public record Entry(String name, long value) {
    }

    /** Builds the lists (top {@code limit} each) from the head's postings; the caller holds the postings' read lock. */
    static TsdbStats of(PostingsIndex index, long numSeries, long chunks, long minTime, long maxTime, int limit) {
        List<Entry> byMetric = new ArrayList<>();
        List<Entry> valueCounts = new ArrayList<>();
        List<Entry> memory = new ArrayList<>();
        List<Entry> byPair = new ArrayList<>();
        long pairs = 0;
        for (String name : index.labelNames()) {
            List<String> values = index.sortedValues(name);
            long bytes = 0;
            int live = 0;
            for (int i = 0; i < values.size(); i++) {
                long count = index.postings(name, i).getLongCardinality();
                if (count == 0) {
                    continue;
                }
                live++;
                bytes += count * values.get(i).length();
                byPair.add(new Entry(name + "=" + values.get(i), count));
                if (name.equals("__name__")) {
                    byMetric.add(new Entry(values.get(i), count));
                }
            }
            if (live > 0) {
                pairs += live;
                valueCounts.add(new Entry(name, live));
                memory.add(new Entry(name, bytes));
            }
        }
        return new TsdbStats(numSeries, pairs, chunks, minTime, maxTime, top(byMetric, limit), top(valueCounts, limit),
                top(memory, limit), top(byPair, limit));
    }

    private static List<Entry> top(List<Entry> entries, int limit) {
        entries.sort(Comparator.comparingLong(Entry::value).reversed().thenComparing(Entry::name));
        return List.copyOf(entries.subList(0, Math.min(limit, entries.size())));
    }
}
