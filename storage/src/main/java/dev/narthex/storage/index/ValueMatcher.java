package dev.narthex.storage.index;

import dev.narthex.storage.Matcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Decides which label values a {@link Matcher} selects, with fast paths that avoid running the regular
 * expression per value: equality and literal regexes ({@code a}, {@code a|b|c}) become a sorted set
 * looked up by binary search, {@code foo.*} a prefix range of a sorted value list, literals joined by
 * {@code .*} ({@code .*foo.*}, {@code a.*b}) string searches, {@code .*} and {@code .+} constant answers. Any other regex falls back to the matcher itself. Shared by the head's
 * in-memory postings and the block index. Immutable and thread-safe.
 */
public final class ValueMatcher {
    private enum Kind { SET, PREFIX, GLOB, ANY, NON_EMPTY, REGEX }

    private final Matcher matcher;
    private final Kind kind;
    private final boolean negated;
    private final String[] set;
    /**
     * The literal parts of a GLOB, which {@code .*} separates; PREFIX is the glob {@code [prefix, ""]};
     * a REGEX has its literal prefix alone.
     */
    private final String[] parts;
    private final String prefix;
    private final boolean matchesEmpty;

    private ValueMatcher(Matcher matcher, Kind kind, boolean negated, String[] set, String[] parts) {
        this.matcher = matcher;
        this.kind = kind;
        this.negated = negated;
        this.set = set;
        this.parts = parts;
        this.prefix = parts == null ? null : parts[0];
        this.matchesEmpty = matcher.matches("");
    }

    public static ValueMatcher of(Matcher m) {
        boolean negated = m.type() == Matcher.Type.NOT_EQUAL || m.type() == Matcher.Type.NOT_REGEX;
        if (m.type() == Matcher.Type.EQUAL || m.type() == Matcher.Type.NOT_EQUAL) {
            return new ValueMatcher(m, Kind.SET, negated, new String[] {m.value()}, null);
        }
        String re = m.value();
        if (re.equals(".*")) {
            return new ValueMatcher(m, Kind.ANY, negated, null, null);
        }
        if (re.equals(".+")) {
            return new ValueMatcher(m, Kind.NON_EMPTY, negated, null, null);
        }
        List<String> alternatives = literalAlternatives(re);
        if (alternatives != null) {
            String[] sorted = alternatives.stream().distinct().sorted().toArray(String[]::new);
            return new ValueMatcher(m, Kind.SET, negated, sorted, null);
        }
        String[] glob = globParts(re);
        if (glob != null) {
            boolean prefixOnly = glob.length == 2 && glob[1].isEmpty();
            return new ValueMatcher(m, prefixOnly ? Kind.PREFIX : Kind.GLOB, negated, null, glob);
        }
        return new ValueMatcher(m, Kind.REGEX, negated, null, new String[] {regexPrefix(re)});
    }

    /**
     * A literal every string the regex matches starts with ("" when none is known): the leading
     * literal characters, minus the last one when a quantifier that allows zero repetitions follows
     * it. Any {@code |} in the regex gives "" (an alternation may start elsewhere).
     */
    static String regexPrefix(String re) {
        if (re.indexOf('|') >= 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 == re.length()) {
                    break;
                }
                char e = re.charAt(i + 1);
                if (Character.isLetterOrDigit(e) || e > 127) {
                    break;
                }
                sb.append(e);
                i++;
            } else if (".+*?()[]{}^$".indexOf(c) >= 0) {
                if ((c == '*' || c == '?' || c == '{') && sb.length() > 0) {
                    sb.setLength(sb.offsetByCodePoints(sb.length(), -1));
                }
                break;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Splits a regex made only of literal text and top-level {@code |} into its alternatives, with
     * escapes of punctuation resolved; null when the regex uses any other syntax.
     */
    static List<String> literalAlternatives(String re) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 == re.length()) {
                    return null;
                }
                char e = re.charAt(++i);
                if (Character.isLetterOrDigit(e) || e > 127) {
                    return null; // \d, \w, \pL, \Q... are classes or directives, not literals
                }
                cur.append(e);
            } else if (c == '|') {
                out.add(cur.toString());
                cur.setLength(0);
            } else if (".+*?()[]{}^$".indexOf(c) >= 0) {
                return null;
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /**
     * Splits a regex of literal text and {@code .*} (no other syntax) at each {@code .*} into its
     * literal parts; null for any other regex or one without {@code .*}. As {@code .} matches
     * newlines too, the regex matches exactly the strings that start with the first part, end with
     * the last, and hold the middle ones in order between them.
     */
    static String[] globParts(String re) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 == re.length()) {
                    return null;
                }
                char e = re.charAt(++i);
                if (Character.isLetterOrDigit(e) || e > 127) {
                    return null;
                }
                cur.append(e);
            } else if (c == '.' && i + 1 < re.length() && re.charAt(i + 1) == '*'
                    && (i + 2 == re.length() || re.charAt(i + 2) != '?')) {
                out.add(cur.toString());
                cur.setLength(0);
                i++;
            } else if (".+*?()[]{}^$|".indexOf(c) >= 0) {
                return null;
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out.size() < 2 ? null : out.toArray(new String[0]);
    }

    private boolean globMatches(String v) {
        String last = parts[parts.length - 1];
        if (!v.startsWith(prefix) || !v.endsWith(last) || v.length() < prefix.length() + last.length()) {
            return false;
        }
        int pos = prefix.length();
        int end = v.length() - last.length();
        for (int i = 1; i < parts.length - 1; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                continue;
            }
            int at = v.indexOf(p, pos);
            if (at < 0 || at + p.length() > end) {
                return false;
            }
            pos = at + p.length();
        }
        return true;
    }

    public Matcher matcher() {
        return matcher;
    }

    public boolean matchesEmpty() {
        return matchesEmpty;
    }

    /** Whether every value, including the empty one, matches ({@code =~".*"}). */
    public boolean matchesEverything() {
        return kind == Kind.ANY && !negated;
    }

    /** The sorted finite set of values this matcher selects, or null when it is not a finite set. */
    public List<String> finiteValues() {
        return kind == Kind.SET && !negated ? Collections.unmodifiableList(Arrays.asList(set)) : null;
    }

    /**
     * A non-empty literal prefix every selected value starts with ({@code foo.*}, {@code foo.*bar},
     * {@code foo[0-9]+}), or null.
     */
    public String prefix() {
        return (kind == Kind.PREFIX || kind == Kind.GLOB || kind == Kind.REGEX) && !negated && !prefix.isEmpty() ? prefix : null;
    }

    public boolean matches(String value) {
        if (kind == Kind.REGEX) {
            // The matcher's own type carries the negation; the prefix check saves most regex runs.
            if (!value.startsWith(prefix)) {
                return matcher.type() == Matcher.Type.NOT_REGEX;
            }
            return matcher.matches(value);
        }
        boolean m = switch (kind) {
            case SET -> set.length == 1 ? set[0].equals(value) : Arrays.binarySearch(set, value) >= 0;
            case PREFIX -> value.startsWith(prefix);
            case GLOB -> globMatches(value);
            case ANY -> true;
            case NON_EMPTY -> !value.isEmpty();
            default -> throw new IllegalStateException();
        };
        return m != negated;
    }

    /** The matcher selecting exactly the values this one does not. */
    public ValueMatcher inverse() {
        Matcher.Type t = switch (matcher.type()) {
            case EQUAL -> Matcher.Type.NOT_EQUAL;
            case NOT_EQUAL -> Matcher.Type.EQUAL;
            case REGEX -> Matcher.Type.NOT_REGEX;
            case NOT_REGEX -> Matcher.Type.REGEX;
        };
        return new ValueMatcher(Matcher.of(t, matcher.name(), matcher.value()), kind, !negated, set, parts);
    }

    /**
     * Calls {@code out} with the index of every value of {@code sortedValues} (sorted by
     * {@link String#compareTo}, distinct, random access) that matches, in increasing order.
     */
    public void forEachMatch(List<String> sortedValues, IntConsumer out) {
        int n = sortedValues.size();
        if (!negated) {
            switch (kind) {
                case SET -> {
                    for (String s : set) {
                        int i = Collections.binarySearch(sortedValues, s);
                        if (i >= 0) {
                            out.accept(i);
                        }
                    }
                    return;
                }
                case PREFIX, GLOB, REGEX -> {
                    // Only the range of values starting with the literal prefix can match.
                    int i = prefix.isEmpty() ? 0 : Collections.binarySearch(sortedValues, prefix);
                    for (i = i < 0 ? -i - 1 : i; i < n && sortedValues.get(i).startsWith(prefix); i++) {
                        if (kind == Kind.PREFIX || matches(sortedValues.get(i))) {
                            out.accept(i);
                        }
                    }
                    return;
                }
                case ANY -> {
                    for (int i = 0; i < n; i++) {
                        out.accept(i);
                    }
                    return;
                }
                default -> {
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (matches(sortedValues.get(i))) {
                out.accept(i);
            }
        }
    }
}
