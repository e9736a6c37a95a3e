package dev.narthex.engine.template;

import dev.narthex.storage.text.GoFloatFormat;
import dev.narthex.storage.text.GoQuote;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * The part of Go's {@code fmt} that templates use: {@code %v %s %d %f %g %e %q %%} with flags, width
 * and precision, and Go's default printing of values. Stateless and thread-safe.
 */
public final class GoFormat {
    private GoFormat() {
    }

    /** Go's {@code fmt.Sprintf}. */
    public static String sprintf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int argi = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            boolean minus = false;
            boolean plus = false;
            boolean zero = false;
            boolean space = false;
            boolean sharp = false;
            flags:
            while (i < format.length()) {
                switch (format.charAt(i)) {
                    case '-' -> minus = true;
                    case '+' -> plus = true;
                    case '0' -> zero = true;
                    case ' ' -> space = true;
                    case '#' -> sharp = true;
                    default -> {
                        break flags;
                    }
                }
                i++;
            }
            int width = -1;
            int start = i;
            while (i < format.length() && Character.isDigit(format.charAt(i))) {
                i++;
            }
            if (i > start) {
                width = Integer.parseInt(format.substring(start, i));
            }
            int prec = -1;
            if (i < format.length() && format.charAt(i) == '.') {
                i++;
                start = i;
                while (i < format.length() && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                prec = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
            }
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(i++);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (argi >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            String s = formatOne(verb, prec, plus, space, sharp, args.get(argi++));
            pad(out, s, width, minus, zero && !minus && isNumeric(args.get(argi - 1)));
        }
        if (argi < args.size()) {
            out.append("%!(EXTRA ");
            for (int k = argi; k < args.size(); k++) {
                if (k > argi) {
                    out.append(", ");
                }
                out.append(typeName(args.get(k))).append('=').append(print(args.get(k)));
            }
            out.append(')');
        }
        return out.toString();
    }

    private static boolean isNumeric(Object o) {
        return o instanceof Double || o instanceof Long;
    }

    private static void pad(StringBuilder out, String s, int width, boolean left, boolean zeros) {
        int n = width - s.codePointCount(0, s.length());
        if (n <= 0) {
            out.append(s);
        } else if (left) {
            out.append(s).append(" ".repeat(n));
        } else if (zeros) {
            int sign = !s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
            out.append(s, 0, sign).append("0".repeat(n)).append(s.substring(sign));
        } else {
            out.append(" ".repeat(n)).append(s);
        }
    }

    private static String formatOne(char verb, int prec, boolean plus, boolean space, boolean sharp, Object arg) {
        if (arg instanceof Double d) {
            String s = switch (verb) {
                case 'v', 'g' -> prec < 0 ? GoFloatFormat.formatG(d) : formatG(d, prec);
                case 'f', 'F' -> formatF(d, prec < 0 ? 6 : prec);
                case 'e' -> formatE(d, prec < 0 ? 6 : prec, 'e');
                case 'E' -> formatE(d, prec < 0 ? 6 : prec, 'E');
                case 'G' -> (prec < 0 ? GoFloatFormat.formatG(d) : formatG(d, prec)).toUpperCase();
                default -> null;
            };
            if (s == null) {
                return bad(verb, arg);
            }
            return sign(s, plus, space, d);
        }
        if (arg instanceof Long l) {
            String s = switch (verb) {
                case 'v', 'd' -> Long.toString(l);
                case 'x' -> Long.toHexString(l);
                case 'X' -> Long.toHexString(l).toUpperCase();
                case 'o' -> Long.toOctalString(l);
                case 'b' -> Long.toBinaryString(l);
                case 'c' -> new String(Character.toChars(l.intValue()));
                case 'q' -> GoQuote.quote(new String(Character.toChars(l.intValue()))).replace('"', '\'');
                case 'f', 'F', 'e', 'g' -> bad(verb, arg);
                default -> null;
            };
            if (s == null) {
                return bad(verb, arg);
            }
            return (verb == 'd' || verb == 'v') ? sign(s, plus, space, l) : s;
        }
        if (arg instanceof String str) {
            return switch (verb) {
                case 'v', 's' -> prec >= 0 && prec < str.length() ? str.substring(0, prec) : str;
                case 'q' -> sharp && str.indexOf('`') < 0 ? "`" + str + "`" : GoQuote.quote(str);
                case 'x' -> hex(str, false);
                case 'X' -> hex(str, true);
                default -> bad(verb, arg);
            };
        }
        if (verb == 'v' || verb == 's' && (arg instanceof TemplateValues.GoTime || arg instanceof TemplateValues.GoDuration)) {
            return print(arg);
        }
        if (verb == 't' && arg instanceof Boolean) {
            return print(arg);
        }
        return bad(verb, arg);
    }

    private static String hex(String s, boolean upper) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            sb.append(String.format(upper ? "%02X" : "%02x", b & 0xff));
        }
        return sb.toString();
    }

    private static String sign(String s, boolean plus, boolean space, Number n) {
        if (s.startsWith("-") || s.startsWith("+")) {
            return s;
        }
        if (plus) {
            return "+" + s;
        }
        return space ? " " + s : s;
    }

    private static String bad(char verb, Object arg) {
        return "%!" + verb + "(" + typeName(arg) + "=" + print(arg) + ")";
    }

    /** Go's type name of a template value, for error texts. */
    public static String typeName(Object o) {
        if (o == null) {
            return "<nil>";
        }
        if (o instanceof Double) {
            return "float64";
        }
        if (o instanceof Long) {
            return "int";
        }
        if (o instanceof String) {
            return "string";
        }
        if (o instanceof Boolean) {
            return "bool";
        }
        if (o instanceof Map) {
            return "map[string]string";
        }
        if (o instanceof TemplateValues.QuerySample) {
            return "*template.sample";
        }
        if (o instanceof List) {
            return "template.queryResult";
        }
        if (o instanceof TemplateValues.GoTime) {
            return "*time.Time";
        }
        if (o instanceof TemplateValues.GoDuration) {
            return "*time.Duration";
        }
        return o.getClass().getSimpleName();
    }

    /** Go's {@code %v} of a value. */
    public static String print(Object o) {
        if (o == null) {
            return "<nil>";
        }
        if (o instanceof Double d) {
            return GoFloatFormat.formatG(d);
        }
        if (o instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("map[");
            boolean first = true;
            for (Map.Entry<?, ?> e : new java.util.TreeMap<>(m).entrySet()) {
                if (!first) {
                    sb.append(' ');
                }
                first = false;
                sb.append(print(e.getKey())).append(':').append(print(e.getValue()));
            }
            return sb.append(']').toString();
        }
        if (o instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                sb.append(print(l.get(i)));
            }
            return sb.append(']').toString();
        }
        return o.toString();
    }

    /** {@code %.Nf}. */
    public static String formatF(double v, int prec) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        BigDecimal b = new BigDecimal(v).setScale(prec, RoundingMode.HALF_EVEN);
        String s = b.toPlainString();
        if (v < 0 || (v == 0 && 1 / v < 0)) {
            return s.startsWith("-") ? s : "-" + s;
        }
        return s;
    }

    /** {@code %.Ne}. */
    public static String formatE(double v, int prec, char e) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        String neg = v < 0 || (v == 0 && 1 / v < 0) ? "-" : "";
        double a = Math.abs(v);
        String digits;
        int exp;
        if (a == 0) {
            digits = "0".repeat(prec + 1);
            exp = 0;
        } else {
            BigDecimal r = new BigDecimal(a).round(new MathContext(prec + 1, RoundingMode.HALF_EVEN));
            digits = r.unscaledValue().toString();
            exp = digits.length() - 1 - r.scale();
            if (digits.length() < prec + 1) {
                digits = digits + "0".repeat(prec + 1 - digits.length());
            } else if (digits.length() > prec + 1) {
                digits = digits.substring(0, prec + 1);
            }
        }
        StringBuilder sb = new StringBuilder(neg).append(digits.charAt(0));
        if (prec > 0) {
            sb.append('.').append(digits, 1, prec + 1);
        }
        sb.append(e).append(exp < 0 ? '-' : '+');
        int ax = Math.abs(exp);
        if (ax < 10) {
            sb.append('0');
        }
        return sb.append(ax).toString();
    }

    /** {@code %.Ng}: N significant digits, trailing zeros removed, exponent form as Go chooses it. */
    public static String formatG(double v, int prec) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        if (prec == 0) {
            prec = 1;
        }
        String neg = v < 0 || (v == 0 && 1 / v < 0) ? "-" : "";
        double a = Math.abs(v);
        String digits;
        int dp;
        if (a == 0) {
            digits = "";
            dp = 0;
        } else {
            BigDecimal r = new BigDecimal(a).round(new MathContext(prec, RoundingMode.HALF_EVEN)).stripTrailingZeros();
            digits = r.unscaledValue().toString();
            dp = digits.length() - r.scale();
        }
        int nd = digits.length();
        int eprec = prec;
        if (eprec > nd && nd >= dp) {
            eprec = nd;
        }
        int exp = dp - 1;
        if (exp < -4 || exp >= eprec) {
            int p = Math.min(prec, nd);
            String d = nd == 0 ? "0" : digits;
            StringBuilder sb = new StringBuilder(neg).append(d.charAt(0));
            if (p > 1) {
                sb.append('.').append(d, 1, p);
            }
            sb.append('e').append(exp < 0 && nd > 0 ? '-' : '+');
            int ax = nd == 0 ? 0 : Math.abs(exp);
            if (ax < 10) {
                sb.append('0');
            }
            return sb.append(ax).toString();
        }
        int p = prec > dp ? nd : prec;
        int decimals = Math.max(p - dp, 0);
        StringBuilder sb = new StringBuilder(neg);
        if (dp <= 0) {
            sb.append('0');
        } else {
            for (int k = 0; k < dp; k++) {
                sb.append(k < nd ? digits.charAt(k) : '0');
            }
        }
        if (decimals > 0) {
            sb.append('.');
            for (int k = 0; k < decimals; k++) {
                int idx = dp + k;
                sb.append(idx >= 0 && idx < nd ? digits.charAt(idx) : '0');
            }
        }
        return sb.toString();
    }

    private static String special(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return null;
    }
}
