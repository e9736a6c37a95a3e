package dev.narthex.scraper.parse;

import dev.narthex.storage.text.GoQuote;
import java.nio.charset.StandardCharsets;

/** Renders scraped bytes the way Go's {@code %q} does, so error texts match Prometheus's. */
final class GoText {
    private GoText() {
    }

    /**
     * Quotes {@code b[from, to)} like Go's {@code strconv.Quote}, malformed UTF-8 bytes as hexadecimal
     * x escapes. Indices at or beyond {@code limit} read as a newline: the text-format parser sees its
     * input with a newline appended, as Prometheus does.
     */
    static String quote(byte[] b, int from, int to, int limit) {
        StringBuilder sb = new StringBuilder(to - from + 8).append('"');
        int i = from;
        while (i < to) {
            int c = i < limit ? b[i] & 0xff : '\n';
            if (c < 0x80) {
                GoQuote.appendEscaped(sb, c);
                i++;
                continue;
            }
            int n = utf8Length(b, i, Math.min(to, limit));
            if (n < 0) {
                sb.append(String.format("\\x%02x", c));
                i++;
                continue;
            }
            GoQuote.appendEscaped(sb, new String(b, i, n, StandardCharsets.UTF_8).codePointAt(0));
            i += n;
        }
        return sb.append('"').toString();
    }

    /** Length of the well-formed UTF-8 sequence at {@code i}, or -1 when it is malformed. */
    static int utf8Length(byte[] b, int i, int end) {
        int c = b[i] & 0xff;
        int n;
        int min;
        if (c < 0x80) {
            return 1;
        } else if (c >= 0xc2 && c <= 0xdf) {
            n = 2;
            min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 3;
            min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 4;
            min = 0x10000;
        } else {
            return -1;
        }
        if (i + n > end) {
            return -1;
        }
        int cp = c & (0xff >> (n + 1));
        for (int k = 1; k < n; k++) {
            int cc = b[i + k] & 0xff;
            if ((cc & 0xc0) != 0x80) {
                return -1;
            }
            cp = (cp << 6) | (cc & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return -1;
        }
        return n;
    }

    /** Go's utf8.Valid over {@code b[from, to)}. */
    static boolean validUtf8(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            if (b[i] >= 0) {
                i++;
                continue;
            }
            int n = utf8Length(b, i, to);
            if (n < 0) {
                return false;
            }
            i += n;
        }
        return true;
    }

    /** Go's {@code %f} of a float64 (used for invalid timestamps, which are NaN or infinite). */
    static String formatF(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return String.format("%f", v);
    }
}
