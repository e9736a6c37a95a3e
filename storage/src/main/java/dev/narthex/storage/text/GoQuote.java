package dev.narthex.storage.text;

/**
 * Go's quoting of strings, as Prometheus's error, warning and log texts show them. Stateless and
 * thread-safe.
 */
public final class GoQuote {
    private GoQuote() {
    }

    /**
     * Go's {@code strconv.Quote} (what {@code %q} prints for a string): the quote, the backslash and
     * the control characters Go names (a, b, f, n, r, t, v) get a backslash escape, other ASCII
     * controls a hexadecimal x escape, code points Go's {@code unicode.IsPrint} refuses a u or U
     * escape. A lone low surrogate in 0xDC80..0xDCFF stands for an invalid UTF-8 byte (PromQL's
     * string unquoter keeps such bytes that way) and prints as Go prints that byte.
     */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            appendEscaped(b, cp);
        }
        return b.append('"').toString();
    }

    /**
     * Appends one code point as it appears inside {@link #quote}'s output; for callers that quote text
     * they decode themselves (such as raw scraped bytes).
     */
    public static void appendEscaped(StringBuilder b, int cp) {
        switch (cp) {
            case 7 -> b.append("\\a");
            case '\b' -> b.append("\\b");
            case '\f' -> b.append("\\f");
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            case '\t' -> b.append("\\t");
            case 11 -> b.append("\\v");
            case '\\' -> b.append("\\\\");
            case '"' -> b.append("\\\"");
            default -> {
                if (cp >= 0xdc80 && cp <= 0xdcff) {
                    // an invalid UTF-8 byte kept by the unquoter, printed back as Go does
                    b.append(String.format("\\x%02x", cp - 0xdc00));
                } else if (cp < 0x20 || cp == 0x7f) {
                    b.append(String.format("\\x%02x", cp));
                } else if (cp >= 0x80 && !isPrintable(cp)) {
                    b.append(cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
                } else {
                    b.appendCodePoint(cp);
                }
            }
        }
    }

    private static boolean isPrintable(int cp) {
        int t = Character.getType(cp);
        return t != Character.CONTROL && t != Character.FORMAT && t != Character.UNASSIGNED
                && t != Character.SURROGATE && t != Character.PRIVATE_USE && t != Character.LINE_SEPARATOR
                && t != Character.PARAGRAPH_SEPARATOR && (t != Character.SPACE_SEPARATOR || cp == ' ');
    }
}
