package dev.narthex.server.tool;

import com.fasterxml.jackson.core.JsonParseException;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code narthex-tool query instant|range}: queries a running server's HTTP API and prints the result as
 * promtool does (client_golang's {@code model.Value} text); errors print {@code query error: ...} and exit 1.
 */
@Command(name = "query", mixinStandardHelpOptions = true, description = "Run query against a Prometheus server.",
        subcommands = {QueryCommand.InstantQuery.class, QueryCommand.RangeQuery.class})
final class QueryCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a query command");
    }

    @Command(name = "instant", mixinStandardHelpOptions = true, description = "Run instant query.")
    static final class InstantQuery implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "server", description = "Prometheus server to query.")
        String server;

        @Parameters(index = "1", paramLabel = "expr", description = "PromQL query expression.")
        String expr;

        @Option(names = "--time", description = "Query evaluation time (RFC3339 or Unix timestamp).")
        String time;

        @Override
        public Integer call() {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("query", expr);
            if (time != null && !time.isEmpty()) {
                form.put("time", time);
            }
            return QueryCommand.run(spec, server, "/api/v1/query", form);
        }
    }

    @Command(name = "range", mixinStandardHelpOptions = true, description = "Run range query.")
    static final class RangeQuery implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "server", description = "Prometheus server to query.")
        String server;

        @Parameters(index = "1", paramLabel = "expr", description = "PromQL query expression.")
        String expr;

        @Option(names = "--start", description = "Query range start time (RFC3339 or Unix timestamp).")
        String start;

        @Option(names = "--end", description = "Query range end time (RFC3339 or Unix timestamp).")
        String end;

        @Option(names = "--step", description = "Query step size (duration).")
        String step;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            double endS;
            double startS;
            try {
                endS = end == null || end.isEmpty() ? System.currentTimeMillis() / 1000.0 : seconds(end);
                startS = start == null || start.isEmpty() ? endS - 300 : seconds(start);
            } catch (IllegalArgumentException e) {
                err.println("error parsing time: " + e.getMessage());
                err.flush();
                return 1;
            }
            if (startS > endS) {
                err.println("start time is not before end time");
                err.flush();
                return 1;
            }
            String stepValue = step;
            if (stepValue == null || stepValue.isEmpty()) {
                // promtool's default: about 250 points, at least 1s apart
                stepValue = (long) Math.max(Math.floor((endS - startS) / 250), 1) + "s";
            }
            Map<String, String> form = new LinkedHashMap<>();
            form.put("query", expr);
            form.put("start", plain(startS));
            form.put("end", plain(endS));
            form.put("step", stepValue);
            return QueryCommand.run(spec, server, "/api/v1/query_range", form);
        }
    }

    private static double seconds(String t) {
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            try {
                OffsetDateTime odt = OffsetDateTime.parse(t);
                Instant i = odt.toInstant();
                return i.getEpochSecond() + i.getNano() / 1e9;
            } catch (RuntimeException e2) {
                throw new IllegalArgumentException("cannot parse \"" + t + "\" to a valid timestamp", e2);
            }
        }
    }

    private static int run(CommandLine.Model.CommandSpec spec, String server, String path, Map<String, String> form) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        URI uri;
        try {
            uri = URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) + path : server + path);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("invalid server URL " + server);
            }
        } catch (IllegalArgumentException e) {
            err.println("error creating API client: " + e.getMessage());
            err.flush();
            return 1;
        }
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> e : form.entrySet()) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofByteArray());
            Object json = read(r.body());
            if (!(json instanceof Map<?, ?> m)) {
                throw new IOException("server returned HTTP status " + r.statusCode());
            }
            if (!"success".equals(m.get("status"))) {
                throw new IOException(m.get("errorType") + ": " + m.get("error"));
            }
            out.println(format((Map<?, ?>) m.get("data")));
            out.flush();
            return 0;
        } catch (IOException e) {
            err.println("query error: " + e.getMessage());
            err.flush();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** client_golang's {@code Value.String()} for the API's {@code data}. */
    static String format(Map<?, ?> data) {
        String type = (String) data.get("resultType");
        Object result = data.get("result");
        StringBuilder sb = new StringBuilder();
        switch (type) {
            case "scalar" -> sb.append("scalar: ").append(pair((List<?>) result));
            case "string" -> {
                List<?> p = (List<?>) result;
                sb.append(p.get(1)).append(" @[").append(timestamp(p.get(0))).append(']');
            }
            case "vector" -> {
                List<?> samples = (List<?>) result;
                for (int i = 0; i < samples.size(); i++) {
                    Map<?, ?> s = (Map<?, ?>) samples.get(i);
                    sb.append(i > 0 ? "\n" : "").append(metric((Map<?, ?>) s.get("metric"))).append(" => ")
                            .append(pair((List<?>) s.get("value")));
                }
            }
            default -> {
                List<?> series = (List<?>) result;
                for (int i = 0; i < series.size(); i++) {
                    Map<?, ?> s = (Map<?, ?>) series.get(i);
                    sb.append(i > 0 ? "\n" : "").append(metric((Map<?, ?>) s.get("metric"))).append(" =>");
                    Object values = s.get("values");
                    if (values != null) {
                        for (Object v : (List<?>) values) {
                            sb.append('\n').append(pair((List<?>) v));
                        }
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String pair(List<?> p) {
        return value((String) p.get(1)) + " @[" + timestamp(p.get(0)) + "]";
    }

    /** {@code strconv.FormatFloat(v, 'f', -1, 64)}. */
    private static String value(String s) {
        double v = Double.parseDouble(s.replace("Inf", "Infinity"));
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return plain(v);
    }

    private static String plain(double v) {
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    private static String timestamp(Object seconds) {
        long ms = Math.round(((Number) seconds).doubleValue() * 1000);
        return BigDecimal.valueOf(ms).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    /** {@code model.Metric.String()}: the name, then the other labels sorted, {@code ", "}-separated. */
    private static String metric(Map<?, ?> labels) {
        Map<String, String> sorted = new TreeMap<>();
        labels.forEach((k, v) -> sorted.put((String) k, (String) v));
        String name = sorted.remove("__name__");
        StringBuilder sb = new StringBuilder(name == null ? "" : name);
        if (sorted.isEmpty() && name != null) {
            return sb.toString();
        }
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            sb.append(first ? "" : ", ").append(e.getKey()).append("=\"").append(e.getValue().replace("\\", "\\\\")
                    .replace("\"", "\\\"").replace("\n", "\\n")).append('"');
            first = false;
        }
        return sb.append('}').toString();
    }

    private static Object read(byte[] body) throws IOException {
        try {
            return JsonTree.parse(body);
        } catch (JsonParseException e) {
            return null;
        }
    }
}
