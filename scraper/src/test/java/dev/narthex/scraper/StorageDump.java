package dev.narthex.scraper;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.Queryable;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import dev.narthex.storage.StaleNaN;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads everything a test stored, as "value@t" strings per series ("stale@t" for stale markers). */
final class StorageDump {
    private StorageDump() {
    }

    static Map<Labels, List<String>> all(Queryable q) {
        Map<Labels, List<String>> out = new LinkedHashMap<>();
        try (Querier querier = q.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            for (Series s : querier.select(List.of(Matcher.regex("__name__", ".+")))) {
                SampleBuffer buf = new SampleBuffer();
                s.read(Long.MIN_VALUE, Long.MAX_VALUE, buf);
                List<String> points = new ArrayList<>();
                for (int i = 0; i < buf.size(); i++) {
                    double v = buf.value(i);
                    points.add((StaleNaN.is(v) ? "stale" : fmt(v)) + "@" + buf.timestamp(i));
                }
                out.put(s.labels(), points);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static List<String> series(Queryable q, String... labels) {
        return all(q).getOrDefault(Labels.of(labels), List.of());
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
