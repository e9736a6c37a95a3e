package dev.narthex.server.api;

/**
 * Prometheus 3's value-encoding escape of label names in URL paths: {@code U__} prefix, {@code __} for an
 * underscore, {@code _HEX_} for any code point ({@code U__http_2e_status} is {@code http.status}). Invalid
 * escapes leave the name as given, as Prometheus's {@code model.UnescapeName} does.
 */
final class LabelNameEscaping {
    private LabelNameEscaping() {
    }

    static String unescape(String name) {
        if (!name.startsWith("U__")) {
            return name;
        }
        String esc = name.substring(3);
        StringBuilder out = new StringBuilder(esc.length());
        int i = 0;
        while (i < esc.length()) {
            char c = esc.charAt(i);
            if (c != '_') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            if (i >= esc.length()) {
                return name;
            }
            if (esc.charAt(i) == '_') {
                out.append('_');
                i++;
                continue;
            }
            int cp = 0;
            int digits = 0;
            while (true) {
                if (i >= esc.length() || digits >= 6) {
                    return name;
                }
                char h = esc.charAt(i);
                if (h == '_') {
                    if (!Character.isValidCodePoint(cp) || (cp >= 0xD800 && cp <= 0xDFFF)) {
                        return name;
                    }
                    out.appendCodePoint(cp);
                    i++;
                    break;
                }
                int d = h < 128 ? Character.digit(h, 16) : -1;
                if (d < 0) {
                    return name;
                }
                cp = cp * 16 + d;
                digits++;
                i++;
            }
        }
        return out.toString();
    }
}
