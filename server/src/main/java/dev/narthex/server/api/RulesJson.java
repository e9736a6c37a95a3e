package dev.narthex.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.narthex.engine.rules.RuleSnapshot;
import dev.narthex.storage.Matcher;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prometheus's JSON for rules and alerts ({@code RuleDiscovery}, {@code RuleGroup}, {@code AlertingRule},
 * {@code RecordingRule}, {@code Alert}, {@code AlertmanagerDiscovery} of {@code web/api/v1/api.go}), with the
 * filters of {@code /api/v1/rules}. Stateless.
 */
final class RulesJson {
    private static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";

    /** The filters of {@code /api/v1/rules}; empty sets mean no filter. */
    record Filter(String type, List<String> ruleNames, List<String> groupNames, List<String> files, boolean excludeAlerts,
            List<List<Matcher>> match) {
        boolean filtersRules() {
            return !type.isEmpty() || !ruleNames.isEmpty() || !match.isEmpty();
        }

        boolean keeps(RuleSnapshot.RuleView r) {
            if (type.equals("alert") && !r.type().equals("alerting") || type.equals("record") && !r.type().equals("recording")) {
                return false;
            }
            if (!ruleNames.isEmpty() && !ruleNames.contains(r.name())) {
                return false;
            }
            if (match.isEmpty()) {
                return true;
            }
            for (List<Matcher> set : match) {
                if (matchesAll(set, r)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean matchesAll(List<Matcher> set, RuleSnapshot.RuleView r) {
            for (Matcher m : set) {
                // Prometheus matches a rule's own labels; its name counts as __name__ for recording rules only
                String v = m.name().equals("__name__") && r.type().equals("recording") ? r.name() : r.labels().getOrDefault(m.name(), "");
                if (!m.matches(v)) {
                    return false;
                }
            }
            return true;
        }
    }

    private RulesJson() {
    }

    static void rules(JsonOut out, List<RuleSnapshot.Group> groups, Filter f) throws IOException {
        JsonGenerator g = out.generator();
        g.writeStartObject();
        g.writeArrayFieldStart("groups");
        for (RuleSnapshot.Group grp : groups) {
            if (!f.groupNames().isEmpty() && !f.groupNames().contains(grp.name()) || !f.files().isEmpty() && !f.files().contains(grp.file())) {
                continue;
            }
            List<RuleSnapshot.RuleView> kept = new ArrayList<>();
            for (RuleSnapshot.RuleView r : grp.rules()) {
                if (f.keeps(r)) {
                    kept.add(r);
                }
            }
            if (kept.isEmpty() && f.filtersRules()) {
                continue;
            }
            g.writeStartObject();
            g.writeStringField("name", grp.name());
            g.writeStringField("file", grp.file());
            g.writeArrayFieldStart("rules");
            for (RuleSnapshot.RuleView r : kept) {
                rule(g, r, f.excludeAlerts());
            }
            g.writeEndArray();
            number(g, "interval", grp.intervalSeconds());
            g.writeNumberField("limit", grp.limit());
            number(g, "evaluationTime", grp.evaluationSeconds());
            g.writeStringField("lastEvaluation", time(grp.lastEvaluationMs()));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void rule(JsonGenerator g, RuleSnapshot.RuleView r, boolean excludeAlerts) throws IOException {
        g.writeStartObject();
        boolean alerting = r.type().equals("alerting");
        if (alerting) {
            g.writeStringField("state", r.state());
        }
        g.writeStringField("name", r.name());
        g.writeStringField("query", r.query());
        if (alerting) {
            number(g, "duration", r.durationSeconds());
            number(g, "keepFiringFor", r.keepFiringForSeconds());
            labels(g, "labels", r.labels());
            labels(g, "annotations", r.annotations());
            if (excludeAlerts) {
                g.writeNullField("alerts");
            } else {
                g.writeArrayFieldStart("alerts");
                for (RuleSnapshot.AlertView a : r.alerts()) {
                    alert(g, a);
                }
                g.writeEndArray();
            }
        } else if (!r.labels().isEmpty()) {
            labels(g, "labels", r.labels());
        }
        g.writeStringField("health", r.health());
        if (r.lastError() != null && !r.lastError().isEmpty()) {
            g.writeStringField("lastError", r.lastError());
        }
        number(g, "evaluationTime", r.evaluationSeconds());
        g.writeStringField("lastEvaluation", time(r.lastEvaluationMs()));
        g.writeStringField("type", r.type());
        g.writeEndObject();
    }

    /** {@code {"alerts": [...]}}: the active alerts of every alerting rule. */
    static void alerts(JsonOut out, List<RuleSnapshot.Group> groups) throws IOException {
        JsonGenerator g = out.generator();
        g.writeStartObject();
        g.writeArrayFieldStart("alerts");
        for (RuleSnapshot.Group grp : groups) {
            for (RuleSnapshot.RuleView r : grp.rules()) {
                for (RuleSnapshot.AlertView a : r.alerts()) {
                    alert(g, a);
                }
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    static void alertmanagers(JsonOut out, List<String> urls) throws IOException {
        JsonGenerator g = out.generator();
        g.writeStartObject();
        g.writeArrayFieldStart("activeAlertmanagers");
        for (String u : urls) {
            g.writeStartObject();
            g.writeStringField("url", u);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("droppedAlertmanagers");
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void alert(JsonGenerator g, RuleSnapshot.AlertView a) throws IOException {
        g.writeStartObject();
        labels(g, "labels", a.labels());
        labels(g, "annotations", a.annotations());
        g.writeStringField("state", a.state());
        if (a.activeAtMs() != 0) {
            g.writeStringField("activeAt", time(a.activeAtMs()));
        }
        if (a.keepFiringSinceMs() != 0) {
            g.writeStringField("keepFiringSince", time(a.keepFiringSinceMs()));
        }
        g.writeStringField("value", formatE(a.value()));
        g.writeEndObject();
    }

    private static void labels(JsonGenerator g, String field, Map<String, String> labels) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    /** Go's {@code time.Time} JSON (RFC 3339 with nanoseconds, trailing zeros dropped); 0 is Go's zero time. */
    static String time(long ms) {
        return ms == 0 ? GO_ZERO_TIME : ApiV1.rfc3339(ms);
    }

    /** A float64 field as Go's encoding/json writes it: shortest digits, plain notation in [1e-6, 1e21). */
    private static void number(JsonGenerator g, String field, double v) throws IOException {
        g.writeFieldName(field);
        double a = Math.abs(v);
        if (v == 0 || a >= 1e-6 && a < 1e21) {
            g.writeRawValue(new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString());
        } else {
            g.writeRawValue(formatE(v).replace("e-0", "e-"));
        }
    }

    /** Go's {@code strconv.FormatFloat(v, 'e', -1, 64)}: shortest digits, exponent of at least two digits. */
    static String formatE(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0 ? "-" : "") + "0e+00";
        }
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - 1 - d.scale();
        StringBuilder sb = new StringBuilder(v < 0 ? "-" : "").append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exp < 0 ? '-' : '+');
        int a = Math.abs(exp);
        if (a < 10) {
            sb.append('0');
        }
        return sb.append(a).toString();
    }
}
