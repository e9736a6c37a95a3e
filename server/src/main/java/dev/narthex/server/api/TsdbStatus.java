package dev.narthex.server.api;

import dev.narthex.server.http.Response;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.Queryable;
import dev.narthex.storage.Series;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/status/tsdb}: cardinality statistics computed from the index over all series with a
 * metric name (top {@code limit} entries of each list, largest first). The head's chunk count and time
 * range are not known through {@link Queryable}; they are reported as for an empty head.
 */
final class TsdbStatus {
    private static final int MAX_LIMIT = 10_000;

    private TsdbStatus() {
    }

    static Response respond(Queryable storage, String limitParam) {
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
        long series = numSeries;
        int top = limit;
        return ApiResponses.success(out -> {
            var g = out.generator();
            g.writeStartObject();
            g.writeObjectFieldStart("headStats");
            g.writeNumberField("numSeries", series);
            g.writeNumberField("numLabelPairs", byPair.size());
            g.writeNumberField("chunkCount", 0);
            g.writeNumberField("minTime", Long.MAX_VALUE);
            g.writeNumberField("maxTime", Long.MIN_VALUE);
            g.writeEndObject();
            stats(out, "seriesCountByMetricName", byMetric, top);
            stats(out, "labelValueCountByLabelName", valueCounts, top);
            stats(out, "memoryInBytesByLabelName", memory, top);
            stats(out, "seriesCountByLabelValuePair", byPair, top);
            g.writeEndObject();
        });
    }

    private static void stats(JsonOut out, String field, Map<String, Long> counts, int limit) throws IOException {
        List<Map.Entry<String, Long>> list = new ArrayList<>(counts.entrySet());
        list.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
                : Long.compare(b.getValue(), a.getValue()));
        var g = out.generator();
        g.writeArrayFieldStart(field);
        for (int i = 0; i < Math.min(limit, list.size()); i++) {
            g.writeStartObject();
            g.writeStringField("name", list.get(i).getKey());
            g.writeNumberField("value", list.get(i).getValue());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
