package dev.narthex.promql.eval;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.narthex.promql.engine.ErrorType;
import dev.narthex.promql.engine.PromqlException;
import dev.narthex.storage.Labels;
import java.util.List;

/** {@code label_replace} and {@code label_join}: they rewrite labels and keep the metric name. */
final class Labelling {
    private Labelling() {
    }

    static StepVector replace(StepVector v, List<String> args) {
        String dst = args.get(0);
        String replacement = args.get(1);
        String src = args.get(2);
        String regex = args.get(3);
        Pattern pattern;
        try {
            pattern = Pattern.compile("^(?s:" + regex + ")$");
        } catch (PatternSyntaxException e) {
            throw new PromqlException(ErrorType.EXECUTION, "invalid regular expression in label_replace(): " + regex);
        }
        if (!validName(dst)) {
            throw new PromqlException(ErrorType.EXECUTION, "invalid destination label name in label_replace(): " + dst);
        }
        for (StepSeries s : v.series) {
            com.google.re2j.Matcher m = pattern.matcher(s.labels.get(src));
            if (m.matches()) {
                String value = expand(replacement, m);
                s.labels = s.labels.toBuilder().set(dst, value).build();
                if (dst.equals(Labels.METRIC_NAME)) {
                    s.dropName = false; // a name set explicitly is kept
                }
            }
        }
        return Merging.mergeSameLabels(v);
    }

    static StepVector join(StepVector v, List<String> args) {
        String dst = args.get(0);
        String sep = args.get(1);
        List<String> srcs = args.subList(2, args.size());
        for (String src : srcs) {
            if (!validName(src)) {
                throw new PromqlException(ErrorType.EXECUTION, "invalid source label name in label_join(): " + src);
            }
        }
        if (!validName(dst)) {
            throw new PromqlException(ErrorType.EXECUTION, "invalid destination label name in label_join(): " + dst);
        }
        for (StepSeries s : v.series) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < srcs.size(); i++) {
                if (i > 0) {
                    sb.append(sep);
                }
                sb.append(s.labels.get(srcs.get(i)));
            }
            s.labels = s.labels.toBuilder().set(dst, sb.toString()).build();
            if (dst.equals(Labels.METRIC_NAME)) {
                s.dropName = false;
            }
        }
        return Merging.mergeSameLabels(v);
    }

    private static boolean validName(String name) {
        return LabelNames.isValid(name);
    }

    /** Go's {@code Regexp.Expand}: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$}; unknown groups expand to "". */
    static String expand(String template, com.google.re2j.Matcher m) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                sb.append(c);
                i++;
                continue;
            }
            char next = template.charAt(i + 1);
            if (next == '$') {
                sb.append('$');
                i += 2;
                continue;
            }
            String name;
            int end;
            if (next == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    sb.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close);
                end = close + 1;
            } else {
                int j = i + 1;
                while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
                    j++;
                }
                name = template.substring(i + 1, j);
                end = j;
            }
            if (name.isEmpty()) {
                sb.append(c);
                i++;
                continue;
            }
            sb.append(group(m, name));
            i = end;
        }
        return sb.toString();
    }

    private static String group(com.google.re2j.Matcher m, String name) {
        String g = null;
        if (name.chars().allMatch(Character::isDigit)) {
            try {
                int n = Integer.parseInt(name);
                if (n <= m.groupCount()) {
                    g = m.group(n);
                }
            } catch (NumberFormatException e) {
                return "";
            }
        } else {
            try {
                g = m.group(name);
            } catch (IllegalArgumentException e) {
                return "";
            }
        }
        return g == null ? "" : g;
    }
}
