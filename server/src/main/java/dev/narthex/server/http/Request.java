package dev.narthex.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the handlers see it: method, decoded path and the form values of Go's
 * {@code r.Form} (values of a form-encoded POST body first, then those of the URL query). Immutable.
 */
public final class Request {
    private final String method;
    private final String path;
    private final Map<String, List<String>> form;
    private final Map<String, String> headers;

    public Request(String method, String path, Map<String, List<String>> form, Map<String, String> headers) {
        this.method = method;
        this.path = path;
        this.form = form;
        this.headers = headers;
    }

    /** A request without headers, convenient for handlers called directly. */
    public static Request of(String method, String path, Map<String, List<String>> form) {
        return new Request(method, path, form, Map.of());
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** Go's {@code FormValue}: the first value of the parameter, or the empty string. */
    public String param(String name) {
        List<String> v = form.get(name);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    /** All values of a repeated parameter such as {@code match[]}, in order; empty when absent. */
    public List<String> params(String name) {
        List<String> v = form.get(name);
        return v == null ? List.of() : v;
    }

    /** A header value by lower-case name, or null. */
    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    /** Merges body and query parameters with the body's values first, as Go's {@code ParseForm}. */
    static Map<String, List<String>> mergeForm(Map<String, List<String>> body, Map<String, List<String>> query) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        body.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        query.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        return out;
    }
}
