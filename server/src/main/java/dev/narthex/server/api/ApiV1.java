package dev.narthex.server.api;

import dev.narthex.storage.text.GoQuote;
import dev.narthex.promql.ast.Children;
import dev.narthex.promql.ast.Expr;
import dev.narthex.promql.ast.VectorSelector;
import dev.narthex.promql.engine.PromqlException;
import dev.narthex.promql.engine.QueryOptions;
import dev.narthex.promql.engine.QueryResult;
import dev.narthex.promql.parse.PromqlParser;
import dev.narthex.promql.value.Matrix;
import dev.narthex.promql.value.Value;
import dev.narthex.promql.value.Vector;
import dev.narthex.server.http.Handler;
import dev.narthex.server.http.Request;
import dev.narthex.server.http.Response;
import dev.narthex.storage.ExemplarQueryable;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.Queryable;
import dev.narthex.storage.Series;
import dev.narthex.storage.exemplar.Exemplar;
import dev.narthex.storage.exemplar.SeriesExemplars;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The Prometheus HTTP API v1 under {@code /api/v1/}: routing by path and method (404 for unknown paths,
 * 405 for known ones with another method), parameter parsing and the JSON answers. Thread-safe; the
 * query, series and label endpoints are {@linkplain #blocking blocking}.
 */
public final class ApiV1 implements Handler {
    public static final String PREFIX = "/api/v1";
    private static final String GET_POST = "GET, POST, OPTIONS";
    private static final String GET = "GET, OPTIONS";
    private static final String POST_PUT = "POST, PUT, OPTIONS";
    private static final long MAX_POINTS = 11_000;

    private final QueryService queries;
    private final Queryable storage;
    private final ServerInfo info;
    private final LongSupplier clock;
    private final ScrapeEndpoints scrapes;
    private final TsdbAdmin admin;
    private final ExemplarQueryable exemplars;

    /** An API for a server that scrapes nothing (targets and metadata are empty). */
    public ApiV1(QueryService queries, Queryable storage, ServerInfo info, LongSupplier clockMs) {
        this(queries, storage, info, clockMs, ScrapeView.NONE);
    }

    /** An API over a storage without admin operations (the admin endpoints answer an internal error). */
    public ApiV1(QueryService queries, Queryable storage, ServerInfo info, LongSupplier clockMs, ScrapeView scrapes) {
        this(queries, storage, info, clockMs, scrapes, null);
    }

    /** {@code admin} serves the admin endpoints and {@code /status/tsdb}; null for a storage without them. */
    public ApiV1(QueryService queries, Queryable storage, ServerInfo info, LongSupplier clockMs, ScrapeView scrapes,
                 TsdbAdmin admin) {
        this(queries, storage, info, clockMs, scrapes, admin, ExemplarQueryable.NONE);
    }

    /** As above, answering {@code /query_exemplars} from {@code exemplars}. */
    public ApiV1(QueryService queries, Queryable storage, ServerInfo info, LongSupplier clockMs, ScrapeView scrapes,
                 TsdbAdmin admin, ExemplarQueryable exemplars) {
        this.exemplars = exemplars;
        this.queries = queries;
        this.storage = storage;
        this.info = info;
        this.clock = clockMs;
        this.scrapes = new ScrapeEndpoints(scrapes, queries::parseMetricSelector);
        this.admin = admin;
    }

    @Override
    public boolean blocking(Request r) {
        String p = r.path();
        return p.startsWith(PREFIX + "/query") || p.startsWith(PREFIX + "/series") || p.startsWith(PREFIX + "/label")
                || p.equals(PREFIX + "/status/tsdb") || p.startsWith(PREFIX + "/admin/");
    }

    @Override
    public String routeName(Request r) {
        String sub = r.path().substring(PREFIX.length());
        if (sub.startsWith("/label/") && sub.endsWith("/values")) {
            return PREFIX + "/label/:name/values";
        }
        return allowed(sub) == null ? PREFIX + "/*" : r.path();
    }

    /** The methods a sub-path accepts (besides OPTIONS), or null for an unknown path. */
    private static String allowed(String sub) {
        switch (sub) {
            case "/query", "/query_range", "/query_exemplars", "/format_query", "/parse_query", "/labels", "/series":
                return GET_POST;
            case "/targets", "/targets/metadata", "/scrape_pools", "/alertmanagers", "/metadata", "/status/config", "/status/runtimeinfo",
                 "/status/buildinfo", "/status/flags", "/status/tsdb", "/status/walreplay", "/alerts", "/rules":
                return GET;
            case "/admin/tsdb/delete_series", "/admin/tsdb/clean_tombstones", "/admin/tsdb/snapshot":
                return POST_PUT;
            default:
                return sub.startsWith("/label/") && sub.endsWith("/values") && sub.length() > "/label//values".length()
                        ? GET : null;
        }
    }

    @Override
    public Response handle(Request r) {
        String sub = r.path().substring(PREFIX.length());
        String methods = allowed(sub);
        if (methods == null) {
            return Response.notFound();
        }
        if (r.method().equals("OPTIONS")) {
            return Response.empty(204);
        }
        String method = r.method().equals("HEAD") && methods.contains("GET") ? "GET" : r.method();
        if (!methods.contains(method)) {
            Response resp = Response.methodNotAllowed();
            return new Response(resp.status(), resp.contentType(), resp.body(), Map.of("Allow", methods));
        }
        try {
            return dispatch(sub, r);
        } catch (ApiException e) {
            return ApiResponses.error(e);
        }
    }

    private Response dispatch(String sub, Request r) {
        return switch (sub) {
            case "/query" -> query(r);
            case "/query_range" -> queryRange(r);
            case "/query_exemplars" -> queryExemplars(r);
            case "/format_query" -> formatQuery(r);
            case "/parse_query" -> parseQuery(r);
            case "/labels" -> labelNames(r);
            case "/series" -> series(r);
            case "/targets" -> scrapes.targets(r);
            case "/targets/metadata" -> scrapes.targetMetadata(r);
            case "/scrape_pools" -> scrapes.scrapePools();
            case "/alertmanagers" -> ApiResponses.success(out -> RulesJson.alertmanagers(out, info.rules().alertmanagers()));
            case "/metadata" -> scrapes.metadata(r);
            case "/alerts" -> ApiResponses.success(out -> RulesJson.alerts(out, info.rules().groups()));
            case "/rules" -> rules(r);
            case "/status/config" -> ApiResponses.success(out -> {
                var g = out.generator();
                g.writeStartObject();
                g.writeStringField("yaml", info.configYaml());
                g.writeEndObject();
            });
            case "/status/flags" -> ApiResponses.success(out -> {
                var g = out.generator();
                g.writeStartObject();
                for (Map.Entry<String, String> e : info.flags().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            });
            case "/status/buildinfo" -> ApiResponses.success(out -> {
                var g = out.generator();
                g.writeStartObject();
                g.writeStringField("version", BuildInfo.VERSION);
                g.writeStringField("revision", "narthex-" + BuildInfo.NARTHEX_VERSION);
                g.writeStringField("branch", "HEAD");
                g.writeStringField("buildUser", "narthex");
                g.writeStringField("buildDate", "");
                g.writeStringField("goVersion", BuildInfo.runtimeVersion());
                g.writeEndObject();
            });
            case "/status/runtimeinfo" -> runtimeInfo();
            case "/status/tsdb" -> TsdbStatus.respond(admin, storage, r.param("limit"));
            case "/status/walreplay" -> ApiResponses.success(out -> {
                var g = out.generator();
                g.writeStartObject();
                g.writeNumberField("min", 0);
                g.writeNumberField("max", 0);
                g.writeNumberField("current", 0);
                g.writeEndObject();
            });
            default -> sub.startsWith("/label/") ? labelValuesRoute(sub, r) : adminRoute(sub, r);
        };
    }

    private Response query(Request r) {
        int limit = ApiParams.limitParam(r.param("limit"));
        long time = ApiParams.timeParam("time", r.param("time"), clock.getAsLong());
        Duration timeout = timeoutParam(r);
        QueryOptions opts = new QueryOptions(lookbackDelta(r), timeout);
        String expr = r.param("query");
        long started = System.nanoTime();
        QueryResult res = run(() -> queries.instantQuery(expr, time, opts));
        return queryResponse(res, limit, r.param("stats"), System.nanoTime() - started);
    }

    private Response queryRange(Request r) {
        int limit = ApiParams.limitParam(r.param("limit"));
        long start = parseTimeOrInvalid("start", r.param("start"));
        long end = parseTimeOrInvalid("end", r.param("end"));
        if (end < start) {
            throw ApiException.invalidParam("end", "end timestamp must not be before start time");
        }
        long stepNs = ApiParams.durationParam("step", r.param("step"));
        long stepMs = stepNs / 1_000_000L;
        if (stepNs <= 0 || stepMs <= 0) {
            throw ApiException.invalidParam("step", "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if (spanNanos(start, end) / stepNs > MAX_POINTS) {
            throw ApiException.badData("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        }
        Duration timeout = timeoutParam(r);
        QueryOptions opts = new QueryOptions(lookbackDelta(r), timeout);
        String expr = r.param("query");
        long started = System.nanoTime();
        QueryResult res = run(() -> queries.rangeQuery(expr, start, end, stepMs, opts));
        return queryResponse(res, limit, r.param("stats"), System.nanoTime() - started);
    }

    /** Go's {@code end.Sub(start)} in nanoseconds, saturating as Go does. */
    private static long spanNanos(long startMs, long endMs) {
        long spanMs;
        try {
            spanMs = Math.subtractExact(endMs, startMs);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        return spanMs > Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE : spanMs * 1_000_000L;
    }

    private static long parseTimeOrInvalid(String name, String value) {
        try {
            return ApiParams.parseTime(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParam(name, e.getMessage());
        }
    }

    private static Duration timeoutParam(Request r) {
        String to = r.param("timeout");
        return to.isEmpty() ? null : Duration.ofNanos(ApiParams.durationParam("timeout", to));
    }

    private static Duration lookbackDelta(Request r) {
        String s = r.param("lookback_delta");
        if (s.isEmpty()) {
            return null;
        }
        try {
            long ns = ApiParams.parseDurationNanos(s);
            // Prometheus treats zero as "use the engine's default".
            return ns == 0 ? null : Duration.ofNanos(ns);
        } catch (IllegalArgumentException e) {
            throw ApiException.badData("error parsing lookback delta duration: " + e.getMessage());
        }
    }

    private interface QueryCall {
        QueryResult call();
    }

    /** Maps engine failures to API errors: parse errors are bad parameters, the rest keep their type. */
    private static QueryResult run(QueryCall call) {
        try {
            return call.call();
        } catch (PromqlException e) {
            throw switch (e.type()) {
                case BAD_DATA -> ApiException.invalidParam("query", e.getMessage());
                case EXECUTION -> new ApiException("execution", e.getMessage());
                case TIMEOUT -> new ApiException("timeout", e.getMessage());
                case CANCELED -> new ApiException("canceled", e.getMessage());
                case INTERNAL -> new ApiException("internal", e.getMessage());
            };
        }
    }

    private static Response queryResponse(QueryResult res, int limit, String stats, long elapsedNanos) {
        Value value = res.value();
        List<String> warnings = res.warnings();
        if (limit > 0) {
            Value truncated = truncate(value, limit);
            if (truncated != value) {
                value = truncated;
                warnings = new ArrayList<>(warnings);
                warnings.add("results truncated due to limit");
            }
        }
        Value result = value;
        return ApiResponses.success(out -> {
            var g = out.generator();
            g.writeStartObject();
            g.writeStringField("resultType", result.type().apiName());
            g.writeFieldName("result");
            out.queryResult(result);
            if (!stats.isEmpty()) {
                g.writeObjectFieldStart("stats");
                g.writeObjectFieldStart("timings");
                double secs = elapsedNanos / 1e9;
                g.writeNumberField("evalTotalTime", secs);
                g.writeNumberField("resultSortTime", 0);
                g.writeNumberField("queryPreparationTime", 0);
                g.writeNumberField("innerEvalTime", secs);
                g.writeNumberField("execQueueTime", 0);
                g.writeNumberField("execTotalTime", secs);
                g.writeEndObject();
                g.writeObjectFieldStart("samples");
                g.writeNumberField("totalQueryableSamples", res.totalSamples());
                g.writeNumberField("peakSamples", res.peakSamples());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndObject();
        }, warnings, res.infos());
    }

    private static Value truncate(Value v, int limit) {
        if (v instanceof Vector vec && vec.samples().size() > limit) {
            return new Vector(vec.samples().subList(0, limit));
        }
        if (v instanceof Matrix m && m.series().size() > limit) {
            return new Matrix(m.series().subList(0, limit));
        }
        return v;
    }

    /**
     * Prometheus's queryExemplars: the exemplars in {@code [start, end]} of the series that any selector of
     * the expression selects. An expression without selectors has no data: Prometheus then answers 204
     * with an empty body.
     */
    private Response queryExemplars(Request r) {
        long start = ApiParams.timeParam("start", r.param("start"), ApiParams.MIN_TIME_MS);
        long end = ApiParams.timeParam("end", r.param("end"), ApiParams.MAX_TIME_MS);
        if (end < start) {
            throw ApiException.badData("end timestamp must not be before start timestamp");
        }
        Expr expr;
        try {
            expr = PromqlParser.parseExpr(r.param("query"));
        } catch (PromqlException e) {
            throw ApiException.badData(e.getMessage());
        }
        List<List<Matcher>> selectors = new ArrayList<>();
        Children.inspect(expr, e -> {
            if (e instanceof VectorSelector vs) {
                selectors.add(vs.matchers());
            }
        });
        if (selectors.isEmpty()) {
            return Response.empty(204);
        }
        List<SeriesExemplars> found = exemplars.selectExemplars(start, end, selectors);
        return ApiResponses.success(out -> {
            var g = out.generator();
            g.writeStartArray();
            for (SeriesExemplars se : found) {
                g.writeStartObject();
                g.writeFieldName("seriesLabels");
                out.labels(se.seriesLabels());
                g.writeArrayFieldStart("exemplars");
                for (Exemplar e : se.exemplars()) {
                    g.writeStartObject();
                    g.writeFieldName("labels");
                    out.labels(e.labels());
                    g.writeFieldName("value");
                    out.floatString(e.value());
                    g.writeFieldName("timestamp");
                    out.timestamp(e.timestamp());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private Response formatQuery(Request r) {
        String formatted;
        try {
            formatted = queries.formatQuery(r.param("query"));
        } catch (PromqlException e) {
            throw ApiException.invalidParam("query", e.getMessage());
        }
        return ApiResponses.success(out -> out.generator().writeString(formatted));
    }

    /** The expression's syntax tree as JSON (Prometheus 3's {@code translateAST}). */
    private static Response parseQuery(Request r) {
        Expr expr;
        try {
            expr = PromqlParser.parseExpr(r.param("query"));
        } catch (PromqlException e) {
            throw ApiException.invalidParam("query", e.getMessage());
        }
        return ApiResponses.success(out -> AstJson.write(out.generator(), expr));
    }

    /** Parses {@code match[]} values; each set must have a matcher that does not match the empty string. */
    private List<List<Matcher>> matcherSets(List<String> selectors, String invalidParamName) {
        List<List<Matcher>> sets = new ArrayList<>(selectors.size());
        for (String s : selectors) {
            List<Matcher> ms;
            try {
                ms = queries.parseMetricSelector(s);
            } catch (PromqlException e) {
                throw invalidParamName == null ? ApiException.badData(e.getMessage())
                        : ApiException.invalidParam(invalidParamName, e.getMessage());
            }
            boolean nonEmpty = false;
            for (Matcher m : ms) {
                nonEmpty |= !m.matchesEmpty();
            }
            if (!nonEmpty) {
                String msg = "match[] must contain at least one non-empty matcher";
                throw invalidParamName == null ? ApiException.badData(msg) : ApiException.invalidParam(invalidParamName, msg);
            }
            sets.add(ms);
        }
        return sets;
    }

    private Response series(Request r) {
        List<String> match = r.params("match[]");
        if (match.isEmpty()) {
            throw ApiException.badData("no match[] parameter provided");
        }
        int limit = ApiParams.limitParam(r.param("limit"));
        long start = ApiParams.timeParam("start", r.param("start"), ApiParams.MIN_TIME_MS);
        long end = ApiParams.timeParam("end", r.param("end"), ApiParams.MAX_TIME_MS);
        List<List<Matcher>> sets = matcherSets(match, "match[]");
        List<Labels> result = new ArrayList<>();
        try (Querier q = storage.querier(start, end)) {
            if (sets.size() == 1) {
                for (Series s : q.select(sets.get(0))) {
                    result.add(s.labels());
                }
            } else {
                TreeSet<Labels> merged = new TreeSet<>();
                for (List<Matcher> set : sets) {
                    for (Series s : q.select(set)) {
                        merged.add(s.labels());
                    }
                }
                result.addAll(merged);
            }
        }
        List<String> warnings = List.of();
        if (limit > 0 && result.size() > limit) {
            result = result.subList(0, limit);
            warnings = List.of("results truncated due to limit");
        }
        List<Labels> out = result;
        return ApiResponses.success(w -> {
            w.generator().writeStartArray();
            for (Labels l : out) {
                w.labels(l);
            }
            w.generator().writeEndArray();
        }, warnings, List.of());
    }

    private Response labelNames(Request r) {
        int limit = ApiParams.limitParam(r.param("limit"));
        long start = ApiParams.timeParam("start", r.param("start"), ApiParams.MIN_TIME_MS);
        long end = ApiParams.timeParam("end", r.param("end"), ApiParams.MAX_TIME_MS);
        List<List<Matcher>> sets = matcherSets(r.params("match[]"), null);
        List<String> names;
        try (Querier q = storage.querier(start, end)) {
            names = union(sets, set -> q.labelNames(set));
        }
        return stringList(names, limit);
    }

    private Response labelValues(String rawName, Request r) {
        String name = rawName.startsWith("U__") ? LabelNameEscaping.unescape(rawName) : rawName;
        if (name.isEmpty()) {
            throw ApiException.badData("invalid label name: " + GoQuote.quote(name));
        }
        int limit = ApiParams.limitParam(r.param("limit"));
        long start = ApiParams.timeParam("start", r.param("start"), ApiParams.MIN_TIME_MS);
        long end = ApiParams.timeParam("end", r.param("end"), ApiParams.MAX_TIME_MS);
        List<List<Matcher>> sets = matcherSets(r.params("match[]"), null);
        List<String> values;
        try (Querier q = storage.querier(start, end)) {
            values = union(sets, set -> q.labelValues(name, set));
        }
        return stringList(values, limit);
    }

    private interface StringsLookup {
        List<String> lookup(List<Matcher> matchers);
    }

    private static List<String> union(List<List<Matcher>> sets, StringsLookup lookup) {
        if (sets.size() <= 1) {
            return lookup.lookup(sets.isEmpty() ? List.of() : sets.get(0));
        }
        TreeSet<String> all = new TreeSet<>();
        for (List<Matcher> set : sets) {
            all.addAll(lookup.lookup(set));
        }
        return new ArrayList<>(all);
    }

    private static Response stringList(List<String> values, int limit) {
        List<String> warnings = List.of();
        List<String> out = values;
        if (limit > 0 && values.size() > limit) {
            out = values.subList(0, limit);
            warnings = List.of("results truncated due to limit");
        }
        List<String> shown = out;
        return ApiResponses.success(w -> w.stringArray(shown), warnings, List.of());
    }

    private Response rules(Request r) {
        String type = r.param("type").toLowerCase();
        if (!type.isEmpty() && !type.equals("alert") && !type.equals("record")) {
            throw ApiException.invalidParam("type", "not supported value " + GoQuote.quote(r.param("type")));
        }
        RulesJson.Filter filter = new RulesJson.Filter(type, r.params("rule_name[]"), r.params("rule_group[]"), r.params("file[]"),
                excludeAlerts(r.param("exclude_alerts")), matcherSets(r.params("match[]"), null));
        return ApiResponses.success(out -> RulesJson.rules(out, info.rules().groups(), filter));
    }

    /** {@code exclude_alerts}: Go's {@code strconv.ParseBool}, with empty meaning false. */
    private static boolean excludeAlerts(String v) {
        Boolean b = v.isEmpty() ? Boolean.FALSE : goParseBool(v);
        if (b == null) {
            throw ApiException.invalidParam("exclude_alerts", parseBoolError(v));
        }
        return b;
    }

    /** Go's {@code strconv.ParseBool}: the value, or null for text it rejects. */
    private static Boolean goParseBool(String v) {
        return switch (v) {
            case "1", "t", "T", "true", "TRUE", "True" -> Boolean.TRUE;
            case "0", "f", "F", "false", "FALSE", "False" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static String parseBoolError(String v) {
        return "strconv.ParseBool: parsing " + GoQuote.quote(v) + ": invalid syntax";
    }

    private Response runtimeInfo() {
        Runtime rt = Runtime.getRuntime();
        return ApiResponses.success(out -> {
            var g = out.generator();
            g.writeStartObject();
            g.writeStringField("startTime", rfc3339(info.startTimeMs()));
            g.writeStringField("CWD", System.getProperty("user.dir"));
            g.writeStringField("hostname", hostname());
            g.writeStringField("serverTime", rfc3339(clock.getAsLong()));
            g.writeBooleanField("reloadConfigSuccess", info.lastReloadSuccessful());
            g.writeStringField("lastConfigTime", rfc3339(info.lastConfigTimeMs()));
            g.writeNumberField("corruptionCount", 0);
            g.writeNumberField("goroutineCount", Thread.activeCount());
            g.writeNumberField("GOMAXPROCS", rt.availableProcessors());
            g.writeNumberField("GOMEMLIMIT", rt.maxMemory());
            g.writeStringField("GOGC", "");
            g.writeStringField("GODEBUG", "");
            g.writeStringField("storageRetention", info.storageRetention());
            g.writeEndObject();
        });
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "";
        }
    }

    /** Go's RFC 3339 rendering of a time (trailing zeros of the fraction dropped). */
    static String rfc3339(long ms) {
        String s = Instant.ofEpochMilli(ms).toString();
        int dot = s.indexOf('.');
        if (dot < 0) {
            return s;
        }
        int end = s.length() - 1;
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        return s.substring(0, end) + "Z";
    }

    private Response adminRoute(String sub, Request r) {
        if (!info.adminApiEnabled()) {
            throw new ApiException("unavailable", "admin APIs disabled");
        }
        if (admin == null) {
            throw new ApiException("internal", "admin API not supported by this storage");
        }
        return switch (sub) {
            case "/admin/tsdb/delete_series" -> deleteSeries(r);
            case "/admin/tsdb/clean_tombstones" -> {
                internal(admin::cleanTombstones);
                yield Response.empty(204);
            }
            default -> snapshot(r);
        };
    }

    private Response deleteSeries(Request r) {
        List<String> match = r.params("match[]");
        if (match.isEmpty()) {
            throw ApiException.badData("no match[] parameter provided");
        }
        long start = deleteTime("start", r.param("start"), ApiParams.MIN_TIME_MS);
        long end = deleteTime("end", r.param("end"), ApiParams.MAX_TIME_MS);
        List<List<Matcher>> sets = new ArrayList<>();
        for (String m : match) {
            try {
                sets.add(queries.parseMetricSelector(m));
            } catch (PromqlException e) {
                throw ApiException.badData(e.getMessage());
            }
        }
        for (List<Matcher> set : sets) {
            internal(() -> admin.deleteSeries(set, start, end));
        }
        return Response.empty(204);
    }

    /** Prometheus answers delete_series's bad times without the {@code invalid parameter} prefix. */
    private static long deleteTime(String name, String value, long def) {
        if (value.isEmpty()) {
            return def;
        }
        try {
            return ApiParams.parseTime(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badData("invalid time value for '" + name + "': " + e.getMessage());
        }
    }

    private Response snapshot(Request r) {
        String skip = r.param("skip_head");
        Boolean skipHead = skip.isEmpty() ? Boolean.FALSE : goParseBool(skip);
        if (skipHead == null) {
            throw ApiException.badData("unable to parse boolean 'skip_head' argument: " + parseBoolError(skip));
        }
        boolean withoutHead = skipHead;
        String[] name = new String[1];
        internal(() -> name[0] = admin.snapshot(withoutHead));
        return ApiResponses.success(out -> {
            var g = out.generator();
            g.writeStartObject();
            g.writeStringField("name", name[0]);
            g.writeEndObject();
        });
    }

    /** Runs a storage operation, answering its failure as an internal error. */
    private static void internal(Runnable op) {
        try {
            op.run();
        } catch (RuntimeException e) {
            throw new ApiException("internal", e.getMessage());
        }
    }

    /** Routes {@code /label/NAME/values}, which {@link #dispatch} cannot match by a constant. */
    private Response labelValuesRoute(String sub, Request r) {
        return labelValues(sub.substring("/label/".length(), sub.length() - "/values".length()), r);
    }
}
