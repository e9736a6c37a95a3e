package dev.narthex.storage.relabel;

import dev.narthex.storage.text.GoQuote;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One relabeling rule, immutable and validated as Prometheus validates it. Regular expressions are RE2
 * (re2j) anchored at both ends and matching newlines with {@code .}, as Prometheus compiles them.
 * Build with {@link #builder()}; unset fields take Prometheus's defaults.
 */
public final class RelabelConfig {
    public static final String DEFAULT_SEPARATOR = ";";
    public static final String DEFAULT_REGEX = "(.*)";
    public static final String DEFAULT_REPLACEMENT = "$1";

    private final List<String> sourceLabels;
    private final String separator;
    private final String regexSource;
    private final boolean regexIsDefault;
    private final Pattern regex;
    private final Map<String, Integer> groupNames;
    private final long modulus;
    private final String targetLabel;
    private final String replacement;
    private final Action action;

    private RelabelConfig(Builder b) {
        this.sourceLabels = List.copyOf(b.sourceLabels);
        this.separator = b.separator;
        this.regexSource = b.regex == null ? DEFAULT_REGEX : b.regex;
        this.regexIsDefault = b.regex == null;
        this.regex = compile(regexSource);
        this.groupNames = regex.namedGroups();
        this.modulus = b.modulus;
        this.targetLabel = b.targetLabel;
        this.replacement = b.replacement;
        this.action = b.action;
    }

    /** Compiles a Prometheus relabel regex: anchored, dot matches newline. */
    public static Pattern compile(String regex) {
        try {
            return Pattern.compile("^(?s:" + regex + ")$");
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("error parsing regexp: " + e.getDescription() + ": `" + e.getPattern() + "`");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<String> sourceLabels() {
        return sourceLabels;
    }

    public String separator() {
        return separator;
    }

    /** The regex as configured (without the anchors Narthex adds). */
    public String regex() {
        return regexSource;
    }

    Pattern pattern() {
        return regex;
    }

    Map<String, Integer> groupNames() {
        return groupNames;
    }

    boolean regexIsDefault() {
        return regexIsDefault;
    }

    /** The hashmod modulus, an unsigned 64-bit number. */
    public long modulus() {
        return modulus;
    }

    public String targetLabel() {
        return targetLabel;
    }

    public String replacement() {
        return replacement;
    }

    public Action action() {
        return action;
    }

    private void validate() {
        boolean needsTarget = action == Action.REPLACE || action == Action.HASHMOD || action == Action.LOWERCASE
                || action == Action.UPPERCASE || action == Action.KEEPEQUAL || action == Action.DROPEQUAL;
        if (modulus == 0 && action == Action.HASHMOD) {
            throw new IllegalArgumentException("relabel configuration for hashmod requires non-zero modulus");
        }
        if (needsTarget && targetLabel.isEmpty()) {
            throw new IllegalArgumentException("relabel configuration for " + action.text() + " action requires 'target_label' value");
        }
        boolean caseOrEqual = action == Action.LOWERCASE || action == Action.UPPERCASE || action == Action.KEEPEQUAL
                || action == Action.DROPEQUAL;
        if ((action == Action.REPLACE || caseOrEqual || action == Action.HASHMOD) && !Relabeler.validLabelName(targetLabel)) {
            throw new IllegalArgumentException(invalid("target_label", targetLabel));
        }
        if (caseOrEqual && !replacement.equals(DEFAULT_REPLACEMENT)) {
            throw new IllegalArgumentException("'replacement' can not be set for " + action.text() + " action");
        }
        if (action == Action.LABELMAP && !Relabeler.validLabelName(replacement)) {
            throw new IllegalArgumentException(invalid("replacement", replacement));
        }
        if ((action == Action.DROPEQUAL || action == Action.KEEPEQUAL)
                && (!regexIsDefault || modulus != 0 || !separator.equals(DEFAULT_SEPARATOR) || !replacement.equals(DEFAULT_REPLACEMENT))) {
            throw new IllegalArgumentException(action.text() + " action requires only 'source_labels' and `target_label`, and no other fields");
        }
        if ((action == Action.LABELDROP || action == Action.LABELKEEP)
                && (!sourceLabels.isEmpty() || !targetLabel.isEmpty() || modulus != 0
                || !separator.equals(DEFAULT_SEPARATOR) || !replacement.equals(DEFAULT_REPLACEMENT))) {
            throw new IllegalArgumentException(action.text() + " action requires only 'regex', and no other fields");
        }
    }

    private String invalid(String field, String value) {
        return GoQuote.quote(value) + " is invalid '" + field + "' for " + action.text() + " action";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RelabelConfig r && sourceLabels.equals(r.sourceLabels) && separator.equals(r.separator)
                && regexSource.equals(r.regexSource) && regexIsDefault == r.regexIsDefault && modulus == r.modulus
                && targetLabel.equals(r.targetLabel) && replacement.equals(r.replacement) && action == r.action;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sourceLabels, separator, regexSource, modulus, targetLabel, replacement, action);
    }

    @Override
    public String toString() {
        return "{action=" + action.text() + ", source_labels=" + sourceLabels + ", separator=" + separator + ", regex="
                + regexSource + ", modulus=" + Long.toUnsignedString(modulus) + ", target_label=" + targetLabel
                + ", replacement=" + replacement + "}";
    }

    /** Collects the fields of a rule; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private List<String> sourceLabels = List.of();
        private String separator = DEFAULT_SEPARATOR;
        private String regex;
        private long modulus;
        private String targetLabel = "";
        private String replacement = DEFAULT_REPLACEMENT;
        private Action action = Action.REPLACE;

        public Builder sourceLabels(List<String> v) {
            sourceLabels = v;
            return this;
        }

        public Builder sourceLabels(String... v) {
            return sourceLabels(List.of(v));
        }

        public Builder separator(String v) {
            separator = v;
            return this;
        }

        /** The regex as written in the configuration; anchors are added when compiling. */
        public Builder regex(String v) {
            regex = v;
            return this;
        }

        public Builder modulus(long v) {
            modulus = v;
            return this;
        }

        public Builder targetLabel(String v) {
            targetLabel = v;
            return this;
        }

        public Builder replacement(String v) {
            replacement = v;
            return this;
        }

        public Builder action(Action v) {
            action = v;
            return this;
        }

        /**
         * @throws IllegalArgumentException with Prometheus's message when the rule is invalid
         */
        public RelabelConfig build() {
            RelabelConfig c = new RelabelConfig(this);
            c.validate();
            return c;
        }
    }
}
