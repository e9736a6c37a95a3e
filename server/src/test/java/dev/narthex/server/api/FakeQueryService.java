package dev.narthex.server.api;

import dev.narthex.promql.engine.ErrorType;
import dev.narthex.promql.engine.PromqlException;
import dev.narthex.promql.engine.QueryOptions;
import dev.narthex.promql.engine.QueryResult;
import dev.narthex.promql.value.Matrix;
import dev.narthex.promql.value.Sample;
import dev.narthex.promql.value.Scalar;
import dev.narthex.promql.value.SeriesPoints;
import dev.narthex.promql.value.StringValue;
import dev.narthex.promql.value.Vector;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A scripted query service for HTTP tests: a handful of fixed expressions with known answers and failures,
 * and a tiny selector parser ({@code name}, {@code {a="b"}}, {@code name{a=~"b"}}). Records the last call.
 */
public final class FakeQueryService implements QueryService {
    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"\\s*");

    public volatile String lastExpr;
    public volatile long lastTime;
    public volatile long lastStart;
    public volatile long lastEnd;
    public volatile long lastStep;
    public volatile QueryOptions lastOptions;

    @Override
    public QueryResult instantQuery(String expr, long timeMs, QueryOptions options) {
        lastExpr = expr;
        lastTime = timeMs;
        lastOptions = options;
        return switch (expr) {
            case "42" -> result(new Scalar(timeMs, 42));
            case "\"hi\"" -> result(new StringValue(timeMs, "hi"));
            case "vec" -> result(new Vector(List.of(
                    new Sample(Labels.of("__name__", "up", "job", "a<b>&c"), timeMs, 1),
                    new Sample(Labels.of("__name__", "up", "job", "b"), timeMs, Double.NaN),
                    new Sample(Labels.of("__name__", "up", "job", "c"), timeMs, 1e-7))));
            case "warn" -> new QueryResult(new Vector(List.of()), List.of("PromQL warning: careful"),
                    List.of("PromQL info: fyi"), 0, 0);
            default -> throw failure(expr);
        };
    }

    @Override
    public QueryResult rangeQuery(String expr, long startMs, long endMs, long stepMs, QueryOptions options) {
        lastExpr = expr;
        lastStart = startMs;
        lastEnd = endMs;
        lastStep = stepMs;
        lastOptions = options;
        if (!expr.equals("vec")) {
            throw failure(expr);
        }
        List<SeriesPoints> series = new ArrayList<>();
        for (String job : new String[] {"a", "b"}) {
            int n = (int) ((endMs - startMs) / stepMs) + 1;
            long[] ts = new long[n];
            double[] vs = new double[n];
            for (int i = 0; i < n; i++) {
                ts[i] = startMs + i * stepMs;
                vs[i] = i + 0.5;
            }
            series.add(new SeriesPoints(Labels.of("job", job), ts, vs));
        }
        series.add(new SeriesPoints(Labels.of("job", "empty"), new long[0], new double[0]));
        return result(new Matrix(series));
    }

    private static QueryResult result(dev.narthex.promql.value.Value v) {
        return new QueryResult(v, List.of(), List.of(), 3, 7);
    }

    private static PromqlException failure(String expr) {
        return switch (expr) {
            case "exec_error" -> new PromqlException(ErrorType.EXECUTION, "found duplicate series for the match group");
            case "too_slow" -> new PromqlException(ErrorType.TIMEOUT, "query timed out in expression evaluation");
            case "canceled" -> new PromqlException(ErrorType.CANCELED, "query was canceled in expression evaluation");
            default -> new PromqlException(ErrorType.BAD_DATA, "1:1: parse error: unexpected character: '" + expr + "'");
        };
    }

    @Override
    public String formatQuery(String expr) {
        if (expr.contains("(") && !expr.contains(")")) {
            throw new PromqlException(ErrorType.BAD_DATA, "1:" + (expr.length() + 1) + ": parse error: unclosed left parenthesis");
        }
        return expr.trim().replaceAll("\\s+", " ");
    }

    @Override
    public List<Matcher> parseMetricSelector(String selector) {
        String s = selector.trim();
        List<Matcher> out = new ArrayList<>();
        int brace = s.indexOf('{');
        String name = brace < 0 ? s : s.substring(0, brace);
        if (!name.isEmpty()) {
            if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
                throw new PromqlException(ErrorType.BAD_DATA, "1:1: parse error: unexpected character: '" + name.charAt(0) + "'");
            }
            out.add(Matcher.equal("__name__", name));
        }
        if (brace >= 0) {
            if (!s.endsWith("}")) {
                throw new PromqlException(ErrorType.BAD_DATA, "1:" + (s.length() + 1) + ": parse error: unexpected end of input inside braces");
            }
            String body = s.substring(brace + 1, s.length() - 1);
            for (String part : body.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                java.util.regex.Matcher m = MATCHER.matcher(part);
                if (!m.matches()) {
                    throw new PromqlException(ErrorType.BAD_DATA, "1:2: parse error: unexpected character inside braces: '" + part.trim().charAt(0) + "'");
                }
                Matcher.Type type = switch (m.group(2)) {
                    case "=" -> Matcher.Type.EQUAL;
                    case "!=" -> Matcher.Type.NOT_EQUAL;
                    case "=~" -> Matcher.Type.REGEX;
                    default -> Matcher.Type.NOT_REGEX;
                };
                out.add(Matcher.of(type, m.group(1), m.group(3)));
            }
        }
        return out;
    }
}
