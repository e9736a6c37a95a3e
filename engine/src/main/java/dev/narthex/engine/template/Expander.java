package dev.narthex.engine.template;

import dev.narthex.storage.text.GoFloatFormat;
import dev.narthex.storage.text.GoQuote;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.narthex.engine.template.TemplateValues.GoDuration;
import dev.narthex.engine.template.TemplateValues.GoTime;
import dev.narthex.engine.template.TemplateValues.QuerySample;
import dev.narthex.promql.parse.PromqlParser;
import dev.narthex.promql.value.Sample;
import dev.narthex.storage.Labels;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Prometheus's template expander: Go text/template with Prometheus's function map (humanize, query,
 * label, ...). One expander per evaluation (it carries the timestamp, query function and external
 * URL); not shared between threads.
 */
public final class Expander {
    /** The names of Prometheus's template functions, for parse-time checking. */
    public static final Set<String> FUNCTION_NAMES = Set.of("query", "first", "label", "value", "strvalue", "args",
            "reReplaceAll", "safeHtml", "match", "title", "toUpper", "toLower", "graphLink", "tableLink", "sortByLabel",
            "stripPort", "stripDomain", "humanize", "humanize1024", "humanizeDuration", "humanizePercentage",
            "humanizeTimestamp", "toTime", "toDuration", "now", "pathPrefix", "externalURL", "parseDuration", "urlQueryEscape");

    private static final String[] BIG = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
    private static final String[] SMALL = {"m", "u", "n", "p", "f", "a", "z", "y"};
    private static final String[] BINARY = {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};

    private final Map<String, TemplateFunction> functions = new HashMap<>();

    public Expander(long timestampMs, QueryFunction query, URI externalUrl) {
        functions.put("query", a -> {
            String q = str(a, 0);
            List<Object> out = new ArrayList<>();
            for (Sample s : query.query(q, timestampMs)) {
                out.add(new QuerySample(labelMap(s.labels()), s.value()));
            }
            return out;
        });
        functions.put("first", a -> {
            List<?> l = (List<?>) a.get(0);
            if (l == null || l.isEmpty()) {
                throw new IllegalArgumentException("first() called on vector with no elements");
            }
            return l.get(0);
        });
        functions.put("label", a -> sample(a, 1).labels().getOrDefault(str(a, 0), ""));
        functions.put("value", a -> sample(a, 0).value());
        functions.put("strvalue", a -> sample(a, 0).labels().getOrDefault("__value__", ""));
        functions.put("args", a -> {
            Template.AnyMap m = new Template.AnyMap();
            for (int i = 0; i < a.size(); i++) {
                m.put("arg" + i, a.get(i));
            }
            return m;
        });
        functions.put("reReplaceAll", a -> regex(str(a, 0)).matcher(str(a, 2)).replaceAll(goReplacement(str(a, 1))));
        functions.put("safeHtml", a -> str(a, 0));
        functions.put("match", a -> {
            try {
                return Pattern.compile(str(a, 0)).matcher(str(a, 1)).find();
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("error parsing regexp: " + e.getMessage());
            }
        });
        functions.put("title", a -> title(str(a, 0)));
        functions.put("toUpper", a -> str(a, 0).toUpperCase(java.util.Locale.ROOT));
        functions.put("toLower", a -> str(a, 0).toLowerCase(java.util.Locale.ROOT));
        functions.put("graphLink", a -> "/graph?g0.expr=" + queryEscape(str(a, 0)) + "&g0.tab=0");
        functions.put("tableLink", a -> "/graph?g0.expr=" + queryEscape(str(a, 0)) + "&g0.tab=1");
        functions.put("urlQueryEscape", a -> queryEscape(str(a, 0)));
        functions.put("sortByLabel", a -> {
            String label = str(a, 0);
            List<Object> l = new ArrayList<>((List<?>) a.get(1));
            l.sort(Comparator.comparing(o -> ((QuerySample) o).labels().getOrDefault(label, "")));
            return l;
        });
        functions.put("stripPort", a -> stripPort(str(a, 0)));
        functions.put("stripDomain", a -> stripDomain(str(a, 0)));
        functions.put("humanize", a -> humanize(toFloat(a.get(0))));
        functions.put("humanize1024", a -> humanize1024(toFloat(a.get(0))));
        functions.put("humanizeDuration", a -> humanizeDuration(toFloat(a.get(0))));
        functions.put("humanizePercentage", a -> GoFormat.formatG(toFloat(a.get(0)) * 100, 4) + "%");
        functions.put("humanizeTimestamp", a -> {
            double v = toFloat(a.get(0));
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                return GoFormat.formatG(v, 4);
            }
            return toTime(v).toString();
        });
        functions.put("toTime", a -> toTime(toFloat(a.get(0))));
        functions.put("toDuration", a -> new GoDuration((long) (toFloat(a.get(0)) * 1e9)));
        functions.put("now", a -> timestampMs / 1000.0);
        functions.put("pathPrefix", a -> externalUrl == null || externalUrl.getRawPath() == null ? "" : externalUrl.getRawPath());
        functions.put("externalURL", a -> externalUrl == null ? "" : externalUrl.toString());
        functions.put("parseDuration", a -> {
            String d = str(a, 0);
            boolean neg = d.startsWith("-");
            try {
                long ms = PromqlParser.parseDuration(neg ? d.substring(1) : d);
                return (neg ? -ms : ms) / 1000.0;
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a valid duration string: \"" + d + "\"");
            }
        });
    }

    /** The function map, for {@link Template#execute}. */
    public Map<String, TemplateFunction> functions() {
        return functions;
    }

    /** Parses and runs {@code text} with {@code data} as dot. */
    public String expand(String name, String text, Object data) throws TemplateException {
        return execute(name, parse(name, text), data);
    }

    /** Parses {@code text} with Prometheus's function names, wrapping errors as Prometheus does. */
    public static Template parse(String name, String text) throws TemplateException {
        try {
            return Template.parse(name, text, FUNCTION_NAMES);
        } catch (TemplateException e) {
            throw new TemplateException("error parsing template " + name + ": " + e.getMessage());
        }
    }

    /** Runs a template parsed by {@link #parse} (so a rule parses its templates once). */
    public String execute(String name, Template t, Object data) throws TemplateException {
        try {
            return t.execute(data, functions);
        } catch (TemplateException e) {
            throw new TemplateException("error executing template " + name + ": " + e.getMessage());
        }
    }

    /** The data an alert's labels and annotations see, as Prometheus's {@code AlertTemplateData}. */
    public static Template.Struct alertData(Labels labels, Labels externalLabels, String externalUrl, double value) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Labels", labelMap(labels));
        f.put("ExternalLabels", labelMap(externalLabels));
        f.put("ExternalURL", externalUrl);
        f.put("Value", value);
        return new Template.Struct("struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }", f);
    }

    /** The variable definitions Prometheus prepends to alert templates. */
    public static final String ALERT_DEFS = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}"
            + "{{$externalURL := .ExternalURL}}{{$value := .Value}}";

    public static Map<String, String> labelMap(Labels l) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < l.size(); i++) {
            m.put(l.name(i), l.value(i));
        }
        return m;
    }

    private static String str(List<Object> a, int i) {
        if (i >= a.size()) {
            throw new IllegalArgumentException("wrong number of args: want " + (i + 1) + " got " + a.size());
        }
        Object o = a.get(i);
        if (!(o instanceof String s)) {
            throw new IllegalArgumentException("wrong type for value; expected string; got " + GoFormat.typeName(o));
        }
        return s;
    }

    private static QuerySample sample(List<Object> a, int i) {
        Object o = a.get(i);
        if (!(o instanceof QuerySample s)) {
            throw new IllegalArgumentException("wrong type for value; expected *template.sample; got " + GoFormat.typeName(o));
        }
        return s;
    }

    private static Pattern regex(String p) {
        try {
            return Pattern.compile(p);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regexp: Compile(" + GoQuote.quote(p) + "): " + e.getMessage());
        }
    }

    /** Go's {@code $1}/{@code ${name}} expansion, in re2j's {@code $1}/{@code ${name}} syntax (same), escaping backslashes. */
    private static String goReplacement(String repl) {
        return repl.replace("\\", "\\\\");
    }

    /** Go's {@code url.QueryEscape}. */
    static String queryEscape(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean start = true;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean letter = Character.isLetterOrDigit(cp) || cp == '\'' || cp == '_';
            sb.appendCodePoint(start && Character.isLetter(cp) ? Character.toTitleCase(cp) : cp);
            start = !letter;
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static String stripPort(String hostPort) {
        String[] hp = splitHostPort(hostPort);
        return hp == null ? hostPort : hp[0];
    }

    private static String stripDomain(String hostPort) {
        String[] hp = splitHostPort(hostPort);
        String host = hp == null ? hostPort : hp[0];
        String port = hp == null ? "" : hp[1];
        if (isIp(host)) {
            return hostPort;
        }
        host = host.split("\\.", -1)[0];
        if (!port.isEmpty()) {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
        return host;
    }

    private static boolean isIp(String h) {
        if (h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            for (String p : h.split("\\.")) {
                if (Integer.parseInt(p) > 255) {
                    return false;
                }
            }
            return true;
        }
        return h.contains(":") && h.matches("[0-9a-fA-F:.]+");
    }

    /** Go's {@code net.SplitHostPort}, or null where it reports an error. */
    private static String[] splitHostPort(String s) {
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            return null;
        }
        String host = s.substring(0, colon);
        String port = s.substring(colon + 1);
        if (host.startsWith("[")) {
            if (!host.endsWith("]")) {
                return null;
            }
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            return null;
        }
        return new String[] {host, port};
    }

    /** Prometheus's {@code ConvertToFloat}. */
    static double toFloat(Object o) {
        if (o instanceof Double d) {
            return d;
        }
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof String s) {
            return parseGoFloat(s);
        }
        if (o instanceof GoDuration d) {
            return d.nanos() / 1e9;
        }
        if (o instanceof GoTime t) {
            return t.epochMillis() / 1000.0;
        }
        throw new IllegalArgumentException("can't convert " + GoFormat.typeName(o) + " to float");
    }

    private static double parseGoFloat(String s) {
        String l = s.toLowerCase(java.util.Locale.ROOT);
        String body = l.startsWith("+") || l.startsWith("-") ? l.substring(1) : l;
        double sign = l.startsWith("-") ? -1 : 1;
        switch (body) {
            case "inf", "infinity" -> {
                return sign * Double.POSITIVE_INFINITY;
            }
            case "nan" -> {
                return Double.NaN;
            }
            default -> {
            }
        }
        if (body.matches("([0-9]+\\.?[0-9]*|\\.[0-9]+)(e[+-]?[0-9]+)?")) {
            return sign * Double.parseDouble(body);
        }
        throw new IllegalArgumentException("strconv.ParseFloat: parsing " + GoQuote.quote(s) + ": invalid syntax");
    }

    private static GoTime toTime(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("time value is NaN or Inf");
        }
        double ns = v * 1e9;
        if (ns > Long.MAX_VALUE || ns < Long.MIN_VALUE) {
            throw new IllegalArgumentException(GoFloatFormat.formatG(v)
                    + " cannot be represented as a nanoseconds timestamp since it overflows int64");
        }
        return new GoTime(Math.floorDiv((long) ns, 1_000_000L));
    }

    static String humanize(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return GoFormat.formatG(v, 4);
        }
        String prefix = "";
        if (Math.abs(v) >= 1) {
            for (String p : BIG) {
                if (Math.abs(v) < 1000) {
                    break;
                }
                prefix = p;
                v /= 1000;
            }
            return GoFormat.formatG(v, 4) + prefix;
        }
        for (String p : SMALL) {
            if (Math.abs(v) >= 1) {
                break;
            }
            prefix = p;
            v *= 1000;
        }
        return GoFormat.formatG(v, 4) + prefix;
    }

    static String humanize1024(double v) {
        if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) {
            return GoFormat.formatG(v, 4);
        }
        String prefix = "";
        for (String p : BINARY) {
            if (Math.abs(v) < 1024) {
                break;
            }
            prefix = p;
            v /= 1024;
        }
        return GoFormat.formatG(v, 4) + prefix;
    }

    static String humanizeDuration(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return GoFormat.formatG(v, 4);
        }
        if (v == 0) {
            return GoFormat.formatG(v, 4) + "s";
        }
        if (Math.abs(v) >= 1) {
            String sign = v < 0 ? "-" : "";
            v = Math.abs(v);
            long d = (long) v;
            long seconds = d % 60;
            long minutes = (d / 60) % 60;
            long hours = (d / 3600) % 24;
            long days = d / 86400;
            if (days != 0) {
                return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
            }
            if (hours != 0) {
                return sign + hours + "h " + minutes + "m " + seconds + "s";
            }
            if (minutes != 0) {
                return sign + minutes + "m " + seconds + "s";
            }
            return sign + GoFormat.formatG(v, 4) + "s";
        }
        String prefix = "";
        for (String p : SMALL) {
            if (Math.abs(v) >= 1) {
                break;
            }
            prefix = p;
            v *= 1000;
        }
        return GoFormat.formatG(v, 4) + prefix + "s";
    }
}
