package dev.narthex.server.logging;

import dev.narthex.storage.text.GoQuote;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

/** Renders one log record as a logfmt or JSON line, with the field names Prometheus's slog output uses. */
final class LogLineWriter {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    private LogLineWriter() {
    }

    static String render(LogFormat format, Instant time, Level level, String source, String msg,
                         List<KeyValuePair> kvs, Throwable t) {
        StringBuilder sb = new StringBuilder(128);
        boolean json = format == LogFormat.JSON;
        if (json) {
            sb.append('{');
        }
        field(sb, json, true, "time", TIME.format(time));
        field(sb, json, false, "level", level.toString());
        field(sb, json, false, "source", source);
        field(sb, json, false, "msg", msg);
        if (kvs != null) {
            for (KeyValuePair kv : kvs) {
                field(sb, json, false, kv.key, String.valueOf(kv.value));
            }
        }
        if (t != null) {
            field(sb, json, false, "err", t.toString());
        }
        if (json) {
            sb.append('}');
        }
        return sb.toString();
    }

    private static void field(StringBuilder sb, boolean json, boolean first, String key, String value) {
        if (json) {
            if (!first) {
                sb.append(',');
            }
            jsonString(sb, key);
            sb.append(':');
            jsonString(sb, value);
            return;
        }
        if (!first) {
            sb.append(' ');
        }
        sb.append(key).append('=');
        if (needsQuotes(value)) {
            // Go's slog text handler quotes with strconv.Quote.
            sb.append(GoQuote.quote(value));
        } else {
            sb.append(value);
        }
    }

    private static boolean needsQuotes(String v) {
        if (v.isEmpty()) {
            return true;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c == '=' || c == '"' || c == '\\' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
