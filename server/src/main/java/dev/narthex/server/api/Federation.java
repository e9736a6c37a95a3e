package dev.narthex.server.api;

import dev.narthex.promql.engine.PromqlException;
import dev.narthex.server.http.Request;
import dev.narthex.server.http.Response;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.Queryable;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import dev.narthex.storage.StaleNaN;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /federate}: the newest sample within the lookback delta of every series selected by the union
 * of the {@code match[]} selectors, in the text exposition format 0.0.4, as Prometheus's
 * {@code web/federate.go}. Stale series are left out; the external labels (plus an empty {@code instance})
 * are appended to each series that lacks them. Metric and label names outside the legacy character set are
 * escaped with underscores, as Prometheus does for a client that does not ask for UTF-8 names. Thread-safe.
 */
public final class Federation {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8; escaping=underscores";

    private final Queryable storage;
    private final Function<String, List<Matcher>> selectorParser;
    private final Supplier<Labels> externalLabels;
    private final long lookbackMs;
    private final LongSupplier clockMs;

    public Federation(Queryable storage, Function<String, List<Matcher>> selectorParser, Supplier<Labels> externalLabels,
                      long lookbackMs, LongSupplier clockMs) {
        this.storage = storage;
        this.selectorParser = selectorParser;
        this.externalLabels = externalLabels;
        this.lookbackMs = lookbackMs;
        this.clockMs = clockMs;
    }

    /** One federated sample: a series' labels with its newest value. */
    private record Latest(Labels labels, long t, double v) {
    }

    public Response handle(Request r) {
        List<List<Matcher>> sets = new ArrayList<>();
        for (String s : r.params("match[]")) {
            try {
                sets.add(selectorParser.apply(s));
            } catch (PromqlException e) {
                return Response.text(400, e.getMessage() + "\n");
            }
        }
        long maxt = clockMs.getAsLong();
        long mint = maxt - lookbackMs;
        List<Latest> latest = new ArrayList<>();
        try (Querier q = storage.querier(mint, maxt)) {
            // The union of the selections, each series once, in label order as Prometheus's merged set.
            TreeSet<Labels> seen = new TreeSet<>();
            List<Series> selected = new ArrayList<>();
            for (List<Matcher> set : sets) {
                for (Series s : q.select(set)) {
                    if (seen.add(s.labels())) {
                        selected.add(s);
                    }
                }
            }
            selected.sort(Comparator.comparing(Series::labels));
            SampleBuffer buf = new SampleBuffer();
            for (Series s : selected) {
                buf.clear();
                s.read(mint, maxt, buf);
                if (buf.isEmpty()) {
                    continue;
                }
                int last = buf.size() - 1;
                // The exposition format has no stale markers: a series gone stale is simply not federated.
                if (!StaleNaN.is(buf.value(last))) {
                    latest.add(new Latest(s.labels(), buf.timestamp(last), buf.value(last)));
                }
            }
        }
        // Stable, so series of one family stay in label order.
        latest.sort(Comparator.comparing(l -> nameOf(l.labels())));
        String body = format(latest, externalLabelsWithInstance());
        return new Response(200, CONTENT_TYPE, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), Map.of());
    }

    private static String nameOf(Labels l) {
        String n = l.get(Labels.METRIC_NAME);
        return n == null ? "" : n;
    }

    private Map<String, String> externalLabelsWithInstance() {
        Map<String, String> ext = new TreeMap<>();
        Labels l = externalLabels.get();
        for (int i = 0; i < l.size(); i++) {
            ext.put(l.name(i), l.value(i));
        }
        ext.putIfAbsent("instance", "");
        return ext;
    }

    private static String format(List<Latest> latest, Map<String, String> external) {
        StringBuilder out = new StringBuilder();
        String family = null;
        for (Latest s : latest) {
            String name = nameOf(s.labels());
            if (name.isEmpty()) {
                continue; // nameless series cannot be exposed
            }
            if (!name.equals(family)) {
                out.append("# TYPE ").append(underscoreEscaped(name)).append(" untyped\n");
                family = name;
            }
            out.append(underscoreEscaped(name)).append('{');
            boolean first = true;
            Labels l = s.labels();
            for (int i = 0; i < l.size(); i++) {
                if (l.value(i).isEmpty() || l.name(i).equals(Labels.METRIC_NAME)) {
                    continue;
                }
                first = label(out, first, l.name(i), l.value(i));
            }
            for (Map.Entry<String, String> e : external.entrySet()) {
                if (!l.has(e.getKey())) {
                    first = label(out, first, e.getKey(), e.getValue());
                }
            }
            out.append("} ").append(PromNumbers.formatFloatG(s.v())).append(' ').append(s.t()).append('\n');
        }
        return out.toString();
    }

    private static boolean label(StringBuilder out, boolean first, String name, String value) {
        if (!first) {
            out.append(',');
        }
        out.append(underscoreEscaped(name)).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        out.append('"');
        return false;
    }

    /** Each code point a legacy name may not hold becomes one underscore; a legacy name is returned as it is. */
    static String underscoreEscaped(String name) {
        if (isLegacyName(name)) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length());
        int i = 0;
        for (int at = 0; at < name.length(); i++) {
            int cp = name.codePointAt(at);
            out.append(isLegacyRune(cp, i) ? (char) cp : '_');
            at += Character.charCount(cp);
        }
        return out.toString();
    }

    private static boolean isLegacyName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isLegacyRune(name.charAt(i), i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLegacyRune(int c, int index) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (c >= '0' && c <= '9' && index > 0);
    }
}
