package dev.narthex.storage;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A label matcher as in PromQL selectors. An absent label matches as the empty string. Regular
 * expressions use RE2 syntax (re2j, linear time), are fully anchored and let {@code .} match a
 * newline, as in Prometheus 3. Immutable and thread-safe.
 */
public final class Matcher {
    public enum Type {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String symbol;

        Type(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    private final Type type;
    private final String name;
    private final String value;
    private final Pattern pattern;

    private Matcher(Type type, String name, String value) {
        this.type = type;
        this.name = name;
        this.value = value;
        this.pattern = (type == Type.REGEX || type == Type.NOT_REGEX) ? compile(value) : null;
    }

    /** @throws IllegalArgumentException for a regular expression RE2 rejects */
    public static Matcher of(Type type, String name, String value) {
        return new Matcher(type, name, value);
    }

    public static Matcher equal(String name, String value) {
        return new Matcher(Type.EQUAL, name, value);
    }

    public static Matcher notEqual(String name, String value) {
        return new Matcher(Type.NOT_EQUAL, name, value);
    }

    public static Matcher regex(String name, String value) {
        return new Matcher(Type.REGEX, name, value);
    }

    public static Matcher notRegex(String name, String value) {
        return new Matcher(Type.NOT_REGEX, name, value);
    }

    private static Pattern compile(String regex) {
        try {
            return Pattern.compile("^(?s:" + regex + ")$");
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("error parsing regexp: " + e.getDescription() + ": `" + e.getPattern() + "`", e);
        }
    }

    public Type type() {
        return type;
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    public boolean matches(String labelValue) {
        return switch (type) {
            case EQUAL -> value.equals(labelValue);
            case NOT_EQUAL -> !value.equals(labelValue);
            case REGEX -> pattern.matches(labelValue);
            case NOT_REGEX -> !pattern.matches(labelValue);
        };
    }

    /** Whether a series without this label (value "") is selected by this matcher. */
    public boolean matchesEmpty() {
        return matches("");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && m.type == type && m.name.equals(name) && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return (type.hashCode() * 31 + name.hashCode()) * 31 + value.hashCode();
    }

    @Override
    public String toString() {
        return name + type.symbol + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
