package dev.narthex.promql.functions;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The string side of {@code label_replace}, {@code label_join} and {@code sort_by_label} with
 * Prometheus's semantics: RE2 regexes anchored at both ends with {@code (?s)}, Go's
 * {@code regexp.Expand} template syntax, and the natural order of {@code facette/natsort}.
 * Stateless and thread-safe (compiled patterns are immutable).
 */
public final class LabelFunctions {
    private LabelFunctions() {
    }

    /**
     * Compiles a {@code label_replace} regex as Prometheus does ({@code ^(?s:regex)$}); null if it
     * is not valid RE2 (fail the query with {@link #invalidRegexMessage}).
     */
    public static Pattern compileReplaceRegex(String regex) {
        try {
            return Pattern.compile("^(?s:" + regex + ")$");
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    public static String invalidRegexMessage(String regex) {
        return "invalid regular expression in label_replace(): " + regex;
    }

    public static String invalidReplaceDestinationMessage(String dst) {
        return "invalid destination label name in label_replace(): " + dst;
    }

    public static String invalidJoinSourceMessage(String src) {
        return "invalid source label name in label_join(): " + src;
    }

    public static String invalidJoinDestinationMessage(String dst) {
        return "invalid destination label name in label_join(): " + dst;
    }

    /** Prometheus 3's label name rule (UTF-8 validation): any non-empty valid UTF-8 string. */
    public static boolean isValidLabelName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= name.length() || !Character.isLowSurrogate(name.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code label_replace}'s new value for a source value, or null when the regex does not match
     * (the series is left unchanged).
     */
    public static String replace(Pattern regex, String replacement, String sourceValue) {
        Matcher m = regex.matcher(sourceValue);
        if (!m.find()) {
            return null;
        }
        return expand(regex, m, replacement, sourceValue);
    }

    /**
     * Go's {@code regexp.Expand}: {@code $$} is a dollar; {@code $name} and {@code ${name}} insert a
     * group by number or name, where a bare name is the longest run of letters, digits and
     * underscores; an unknown or unmatched group inserts nothing; a malformed reference is literal.
     */
    static String expand(Pattern regex, Matcher m, String template, String src) {
        StringBuilder dst = new StringBuilder(template.length() + src.length());
        Map<String, Integer> names = null;
        int i = 0;
        int n = template.length();
        while (i < n) {
            int dollar = template.indexOf('$', i);
            if (dollar < 0) {
                break;
            }
            dst.append(template, i, dollar);
            i = dollar + 1;
            if (i < n && template.charAt(i) == '$') {
                dst.append('$');
                i++;
                continue;
            }
            int refStart = i;
            boolean brace = i < n && template.charAt(i) == '{';
            int nameStart = brace ? i + 1 : i;
            int j = nameStart;
            while (j < n) {
                int cp = template.codePointAt(j);
                if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
                    break;
                }
                j += Character.charCount(cp);
            }
            if (j == nameStart || (brace && (j >= n || template.charAt(j) != '}'))) {
                dst.append('$');
                i = refStart;
                continue;
            }
            String name = template.substring(nameStart, j);
            i = brace ? j + 1 : j;
            int num = groupNumber(name);
            int group = -1;
            if (num >= 0) {
                group = num;
            } else {
                if (names == null) {
                    names = regex.namedGroups();
                }
                Integer g = names.get(name);
                if (g != null) {
                    group = g;
                }
            }
            if (group >= 0 && group <= m.groupCount()) {
                String value = m.group(group);
                if (value != null) {
                    dst.append(value);
                }
            }
        }
        dst.append(template, Math.min(i, n), n);
        return dst.toString();
    }

    /** The group number a name denotes, or -1 (not all digits, a leading zero, or too large). */
    private static int groupNumber(String name) {
        int num = 0;
        for (int k = 0; k < name.length(); k++) {
            char c = name.charAt(k);
            if (c < '0' || c > '9' || num >= 100_000_000) {
                return -1;
            }
            num = num * 10 + (c - '0');
        }
        if (name.charAt(0) == '0' && name.length() > 1) {
            return -1;
        }
        return num;
    }

    /** {@code label_join}: the source values (missing labels as empty strings) joined by the separator. */
    public static String join(String separator, String... values) {
        return String.join(separator, values);
    }

    /**
     * facette/natsort's {@code Compare(a, b)}: true when a sorts before b, comparing runs of digits
     * by numeric value (leading zeros skipped) and everything else byte by byte in UTF-8.
     */
    public static boolean naturalLess(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        int lnA = x.length;
        int lnB = y.length;
        int posA = 0;
        int posB = 0;
        while (true) {
            if (lnA <= posA) {
                return lnB > posB;
            } else if (lnB <= posB) {
                return false;
            }
            int av = x[posA] & 0xff;
            int bv = y[posB] & 0xff;
            if (isDigit(av) && isDigit(bv)) {
                int intLnA = 1;
                int intLnB = 1;
                while (posA + intLnA < lnA) {
                    int c = x[posA + intLnA] & 0xff;
                    if (av == '0') {
                        posA++;
                        av = c;
                        continue;
                    }
                    if (isDigit(c)) {
                        intLnA++;
                    } else {
                        break;
                    }
                }
                while (posB + intLnB < lnB) {
                    int c = y[posB + intLnB] & 0xff;
                    if (bv == '0') {
                        posB++;
                        bv = c;
                        continue;
                    }
                    if (isDigit(c)) {
                        intLnB++;
                    } else {
                        break;
                    }
                }
                if (intLnB > intLnA) {
                    return true;
                } else if (intLnA > intLnB) {
                    return false;
                }
                int cmp = compareBytes(x, posA, y, posB, intLnA);
                if (cmp < 0) {
                    return true;
                } else if (cmp > 0) {
                    return false;
                }
                posA += intLnA;
                posB += intLnB;
                continue;
            }
            if (av == bv) {
                posA++;
                posB++;
                continue;
            }
            return av < bv;
        }
    }

    /**
     * {@code sort_by_label}'s comparison of two label values: equal values tie (the caller then
     * compares further labels and finally the whole label sets), otherwise natural order.
     */
    public static int compareNatural(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        return naturalLess(a, b) ? -1 : 1;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static int compareBytes(byte[] x, int px, byte[] y, int py, int len) {
        for (int k = 0; k < len; k++) {
            int c = Integer.compare(x[px + k] & 0xff, y[py + k] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
