package dev.narthex.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.narthex.scraper.MetricMetadata;
import dev.narthex.scraper.ScrapeManager.ActiveTarget;
import dev.narthex.scraper.ScrapeManager.DroppedTarget;
import dev.narthex.scraper.ScrapeManager.TargetMetadata;
import dev.narthex.server.http.Request;
import dev.narthex.server.http.Response;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code /api/v1/targets}, {@code /targets/metadata}, {@code /metadata} and {@code /scrape_pools} over a
 * {@link ScrapeView}, with the fields, filters and limits of Prometheus's {@code web/api/v1/api.go}.
 * Thread-safe.
 */
final class ScrapeEndpoints {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final Comparator<ActiveTarget> ACTIVE_ORDER =
            Comparator.comparing(ActiveTarget::scrapePool).thenComparing(a -> a.target().labels());
    private static final Comparator<DroppedTarget> DROPPED_ORDER =
            Comparator.comparing(DroppedTarget::scrapePool).thenComparing(DroppedTarget::discoveredLabels);

    private final ScrapeView scrapes;
    private final Function<String, List<Matcher>> selectorParser;

    ScrapeEndpoints(ScrapeView scrapes, Function<String, List<Matcher>> selectorParser) {
        this.scrapes = scrapes;
        this.selectorParser = selectorParser;
    }

    Response targets(Request r) {
        String state = r.param("state").toLowerCase();
        boolean any = state.isEmpty() || state.equals("any");
        boolean showActive = any || state.equals("active");
        boolean showDropped = any || state.equals("dropped");
        String pool = r.param("scrapePool");
        List<ActiveTarget> active = new ArrayList<>();
        if (showActive) {
            for (ActiveTarget a : scrapes.activeTargets()) {
                if (pool.isEmpty() || a.scrapePool().equals(pool)) {
                    active.add(a);
                }
            }
            active.sort(ACTIVE_ORDER);
        }
        List<DroppedTarget> dropped = new ArrayList<>();
        Map<String, Integer> droppedCounts = new TreeMap<>();
        if (showDropped) {
            for (String p : scrapes.scrapePools()) {
                droppedCounts.put(p, 0);
            }
            for (DroppedTarget d : scrapes.droppedTargets()) {
                droppedCounts.merge(d.scrapePool(), 1, Integer::sum);
                if (pool.isEmpty() || d.scrapePool().equals(pool)) {
                    dropped.add(d);
                }
            }
            dropped.sort(DROPPED_ORDER);
        }
        return ApiResponses.success(out -> {
            JsonGenerator g = out.generator();
            g.writeStartObject();
            g.writeArrayFieldStart("activeTargets");
            for (ActiveTarget a : active) {
                activeTarget(out, a);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("droppedTargets");
            for (DroppedTarget d : dropped) {
                g.writeStartObject();
                g.writeFieldName("discoveredLabels");
                out.labels(d.discoveredLabels());
                g.writeStringField("scrapePool", d.scrapePool());
                g.writeEndObject();
            }
            g.writeEndArray();
            // Go leaves the map nil, hence null, when dropped targets were not asked for.
            g.writeFieldName("droppedTargetCounts");
            if (showDropped) {
                g.writeStartObject();
                for (Map.Entry<String, Integer> e : droppedCounts.entrySet()) {
                    g.writeNumberField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            } else {
                g.writeNull();
            }
            g.writeEndObject();
        });
    }

    private static void activeTarget(JsonOut out, ActiveTarget a) throws IOException {
        JsonGenerator g = out.generator();
        var t = a.target();
        g.writeStartObject();
        g.writeFieldName("discoveredLabels");
        out.labels(t.discoveredLabels());
        g.writeFieldName("labels");
        out.labels(t.publicLabels());
        g.writeStringField("scrapePool", a.scrapePool());
        g.writeStringField("scrapeUrl", t.scrapeUrl());
        g.writeStringField("globalUrl", a.globalUrl());
        g.writeStringField("lastError", t.lastError());
        g.writeStringField("lastScrape", rfc3339Nano(t.lastScrapeMs()));
        g.writeFieldName("lastScrapeDuration");
        g.writeRawValue(PromNumbers.formatFloat(t.lastScrapeDurationSeconds()));
        g.writeStringField("health", t.health().text());
        g.writeStringField("scrapeInterval", t.scrapeIntervalText());
        g.writeStringField("scrapeTimeout", t.scrapeTimeoutText());
        g.writeEndObject();
    }

    /** Go's {@code time.RFC3339Nano} in UTC: trailing zeros of the fraction dropped; 0 is Go's zero time. */
    static String rfc3339Nano(long ms) {
        if (ms == 0) {
            return "0001-01-01T00:00:00Z";
        }
        Instant i = Instant.ofEpochMilli(ms);
        StringBuilder sb = new StringBuilder(SECONDS.format(i));
        int millis = (int) Math.floorMod(ms, 1000L);
        if (millis != 0) {
            String f = String.format("%03d", millis);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(f, 0, end);
        }
        return sb.append('Z').toString();
    }

    Response targetMetadata(Request r) {
        int limit = limit(r, "limit", "limit must be a number");
        String matchTarget = r.param("match_target");
        List<Matcher> matchers = List.of();
        if (!matchTarget.isEmpty()) {
            try {
                matchers = selectorParser.apply(matchTarget);
            } catch (RuntimeException e) {
                throw ApiException.badData(e.getMessage());
            }
        }
        String metric = r.param("metric");
        List<TargetMetadata> res = new ArrayList<>();
        for (TargetMetadata tm : sorted(scrapes.metadata())) {
            if (limit >= 0 && res.size() >= limit) {
                break;
            }
            if (!matches(matchers, tm.target().publicLabels())) {
                continue;
            }
            if (metric.isEmpty() || tm.metadata().metric().equals(metric)) {
                res.add(tm);
            }
        }
        return ApiResponses.success(out -> {
            JsonGenerator g = out.generator();
            g.writeStartArray();
            for (TargetMetadata tm : res) {
                g.writeStartObject();
                g.writeFieldName("target");
                out.labels(tm.target().publicLabels());
                // Prometheus names the metric only when the request did not.
                if (metric.isEmpty()) {
                    g.writeStringField("metric", tm.metadata().metric());
                }
                metadataFields(g, tm.metadata());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    Response metadata(Request r) {
        int limit = limit(r, "limit", "limit must be a number");
        int perMetric = limit(r, "limit_per_metric", "limit_per_metric must be a number");
        String metric = r.param("metric");
        Map<String, Set<MetricMetadata>> byMetric = new TreeMap<>();
        for (TargetMetadata tm : sorted(scrapes.metadata())) {
            MetricMetadata md = tm.metadata();
            if (!metric.isEmpty() && !md.metric().equals(metric)) {
                continue;
            }
            Set<MetricMetadata> set = byMetric.computeIfAbsent(md.metric(), k -> new LinkedHashSet<>());
            if (perMetric <= 0 || set.size() < perMetric) {
                set.add(new MetricMetadata("", md.type(), md.help(), md.unit()));
            }
        }
        Map<String, Set<MetricMetadata>> res = new LinkedHashMap<>();
        for (Map.Entry<String, Set<MetricMetadata>> e : byMetric.entrySet()) {
            if (limit >= 0 && res.size() >= limit) {
                break;
            }
            res.put(e.getKey(), e.getValue());
        }
        return ApiResponses.success(out -> {
            JsonGenerator g = out.generator();
            g.writeStartObject();
            for (Map.Entry<String, Set<MetricMetadata>> e : res.entrySet()) {
                g.writeArrayFieldStart(e.getKey());
                for (MetricMetadata md : e.getValue()) {
                    g.writeStartObject();
                    metadataFields(g, md);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    Response scrapePools() {
        List<String> pools = new ArrayList<>(scrapes.scrapePools());
        pools.sort(null);
        return ApiResponses.success(out -> {
            JsonGenerator g = out.generator();
            g.writeStartObject();
            g.writeFieldName("scrapePools");
            out.stringArray(pools);
            g.writeEndObject();
        });
    }

    private static void metadataFields(JsonGenerator g, MetricMetadata md) throws IOException {
        g.writeStringField("type", md.type());
        g.writeStringField("help", md.help());
        g.writeStringField("unit", md.unit());
    }

    private static List<TargetMetadata> sorted(List<TargetMetadata> in) {
        List<TargetMetadata> out = new ArrayList<>(in);
        out.sort(Comparator.comparing((TargetMetadata tm) -> tm.target().labels())
                .thenComparing(tm -> tm.metadata().metric()));
        return out;
    }

    private static boolean matches(List<Matcher> matchers, Labels labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels.get(m.name()))) {
                return false;
            }
        }
        return true;
    }

    /** A limit parameter: -1 (none) when absent. */
    private static int limit(Request r, String name, String error) {
        String s = r.param(name);
        if (s.isEmpty()) {
            return -1;
        }
        try {
            return GoAtoi.atoi(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.badData(error);
        }
    }
}
