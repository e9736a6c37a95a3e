package dev.narthex.server.api;

import dev.narthex.server.http.Response;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.Queryable;
import dev.narthex.storage.Series;
import dev.narthex.storage.tsdb.TsdbStats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/status/tsdb}: the head's totals and cardinality lists (top {@code limit} entries of each,
 * largest first). From the database's own statistics when there is a {@link TsdbAdmin}; otherwise computed
 * from the index over all series with a metric name, with the chunk count and time range of an empty head.
 */
final class TsdbStatus {
    private static final int MAX_LIMIT = 10_000;

    private TsdbStatus() {
    }

    static Response respond(TsdbAdmin admin, Queryable storage, String limitParam) {
        int limit = 10;
        if (!limitParam.isEmpty()) {
            try {
                limit = GoAtoi.atoi(limitParam);
            } catch (IllegalArgumentException e) {
                limit = 0;
            }
            if (limit < 1) {
                throw ApiException.badData("limit must be a positive number");
            }
            if (limit > MAX_LIMIT) {
                throw ApiException.badData("limit must not exceed " + MAX_LIMIT);
            }
        }
        TsdbStats stats = admin != null ? admin.stats(limit) : fromIndex(storage, limit);
        return ApiResponses.success(out -> {
            var g = out.generator();
            g.writeStartObject();
            g.writeObjectFieldStart("headStats");
            g.writeNumberField("numSeries", stats.numSeries());
            g.writeNumberField("numLabelPairs", stats.numLabelPairs());
            g.writeNumberField("chunkCount", stats.chunkCount());
            g.writeNumberField("minTime", stats.minTime());
            g.writeNumberField("maxTime", stats.maxTime());
            g.writeEndObject();
            entries(out, "seriesCountByMetricName", stats.seriesCountByMetricName());
            entries(out, "labelValueCountByLabelName", stats.labelValueCountByLabelName());
            entries(out, "memoryInBytesByLabelName", stats.memoryInBytesByLabelName());
            entries(out, "seriesCountByLabelValuePair", stats.seriesCountByLabelValuePair());
            g.writeEndObject();
        });
    }

    private static TsdbStats fromIndex(Queryable storage, int limit) {
        Map<String, Long> byMetric = new HashMap<>();
        Map<String, Set<String>> valuesByName = new HashMap<>();
        Map<String, Long> byPair = new HashMap<>();
        long numSeries = 0;
        try (Querier q = storage.querier(ApiParams.MIN_TIME_MS, ApiParams.MAX_TIME_MS)) {
            for (Series s : q.select(List.of(Matcher.regex(Labels.METRIC_NAME, ".+")))) {
                numSeries++;
                Labels l = s.labels();
                byMetric.merge(l.metricName(), 1L, Long::sum);
                for (int i = 0; i < l.size(); i++) {
                    valuesByName.computeIfAbsent(l.name(i), k -> new HashSet<>()).add(l.value(i));
                    byPair.merge(l.name(i) + "=" + l.value(i), 1L, Long::sum);
                }
            }
        }
        Map<String, Long> valueCounts = new HashMap<>();
        Map<String, Long> memory = new HashMap<>();
        valuesByName.forEach((name, values) -> {
            valueCounts.put(name, (long) values.size());
            long bytes = 0;
            for (String v : values) {
                bytes += v.length();
            }
            memory.put(name, bytes);
        });
        return new TsdbStats(numSeries, byPair.size(), 0, Long.MAX_VALUE, Long.MIN_VALUE, top(byMetric, limit),
                top(valueCounts, limit), top(memory, limit), top(byPair, limit));
    }

    private static List<TsdbStats.Entry> top(Map<String, Long> counts, int limit) {
        List<Map.Entry<String, Long>> list = new ArrayList<>(counts.entrySet());
        list.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
                : Long.compare(b.getValue(), a.getValue()));
        List<TsdbStats.Entry> top = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, list.size()); i++) {
            top.add(new TsdbStats.Entry(list.get(i).getKey(), list.get(i).getValue()));
        }
        return top;
    }

    private static void entries(JsonOut out, String field, List<TsdbStats.Entry> entries) throws IOException {
        var g = out.generator();
        g.writeArrayFieldStart(field);
        for (TsdbStats.Entry e : entries) {
            g.writeStartObject();
            g.writeStringField("name", e.name());
            g.writeNumberField("value", e.value());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
