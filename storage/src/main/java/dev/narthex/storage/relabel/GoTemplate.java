package dev.narthex.storage.relabel;

import com.google.re2j.Matcher;
import java.util.Map;

/**
 * Expansion of {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}} and {@code $$} in a replacement,
 * with the rules of Go's {@code regexp.Expand}: a bare name takes the longest run of letters, digits and
 * underscores (so {@code $1_x} names the group {@code 1_x}), unknown or unmatched groups expand to
 * nothing, and a malformed reference is copied as a literal {@code $}.
 */
final class GoTemplate {
    private GoTemplate() {
    }

    static String expand(String template, Matcher m, Map<String, Integer> groupNames) {
        StringBuilder out = new StringBuilder(template.length() + 16);
        int i = 0;
        int n = template.length();
        while (i < n) {
            char c = template.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            if (i < n && template.charAt(i) == '$') {
                out.append('$');
                i++;
                continue;
            }
            int nameStart;
            int nameEnd;
            int next;
            if (i < n && template.charAt(i) == '{') {
                nameStart = i + 1;
                nameEnd = scanName(template, nameStart);
                if (nameEnd == nameStart || nameEnd >= n || template.charAt(nameEnd) != '}') {
                    out.append('$');
                    continue;
                }
                next = nameEnd + 1;
            } else {
                nameStart = i;
                nameEnd = scanName(template, nameStart);
                if (nameEnd == nameStart) {
                    out.append('$');
                    continue;
                }
                next = nameEnd;
            }
            appendGroup(out, template.substring(nameStart, nameEnd), m, groupNames);
            i = next;
        }
        return out.toString();
    }

    private static int scanName(String s, int from) {
        int i = from;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    private static void appendGroup(StringBuilder out, String name, Matcher m, Map<String, Integer> groupNames) {
        int num = groupNumber(name);
        if (num < 0) {
            Integer named = groupNames.get(name);
            if (named == null) {
                return;
            }
            num = named;
        }
        if (num <= m.groupCount()) {
            String g = m.group(num);
            if (g != null) {
                out.append(g);
            }
        }
    }

    /** Go's rule: all ASCII digits, below 1e8, no leading zero; otherwise -1 (a group name). */
    private static int groupNumber(String name) {
        int num = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
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
}
