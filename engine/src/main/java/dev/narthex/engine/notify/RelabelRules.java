package dev.narthex.engine.notify;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.narthex.storage.Labels;
import java.util.List;

/**
 * Prometheus relabeling for alerts: the {@code replace}, {@code keep}, {@code drop},
 * {@code labeldrop} and {@code labelkeep} actions with {@code source_labels}, {@code separator},
 * {@code regex} (fully anchored), {@code target_label} and {@code replacement} ({@code $1}, {@code ${1}}).
 */
public final class RelabelRules implements AlertRelabeler {
    /** One relabel_config with Prometheus's defaults filled in. */
    public record Rule(String action, List<String> sourceLabels, String separator, String regex, String targetLabel, String replacement) {
        public static Rule of(String action, List<String> sourceLabels, String separator, String regex, String targetLabel,
                String replacement) {
            return new Rule(action == null ? "replace" : action, sourceLabels == null ? List.of() : sourceLabels,
                    separator == null ? ";" : separator, regex == null ? "(.*)" : regex, targetLabel == null ? "" : targetLabel,
                    replacement == null ? "$1" : replacement);
        }
    }

    private final List<Rule> rules;
    private final List<Pattern> patterns;

    public RelabelRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        this.patterns = rules.stream().map(r -> Pattern.compile("^(?s:" + r.regex() + ")$")).toList();
        for (Rule r : rules) {
            if (!List.of("replace", "keep", "drop", "labeldrop", "labelkeep").contains(r.action())) {
                throw new IllegalArgumentException("unknown relabel action \"" + r.action() + "\"");
            }
        }
    }

    @Override
    public Labels relabel(Labels labels) {
        Labels current = labels;
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            Pattern p = patterns.get(i);
            StringBuilder src = new StringBuilder();
            for (int k = 0; k < r.sourceLabels().size(); k++) {
                if (k > 0) {
                    src.append(r.separator());
                }
                src.append(current.get(r.sourceLabels().get(k)));
            }
            String value = src.toString();
            switch (r.action()) {
                case "keep" -> {
                    if (!p.matcher(value).matches()) {
                        return null;
                    }
                }
                case "drop" -> {
                    if (p.matcher(value).matches()) {
                        return null;
                    }
                }
                case "labeldrop", "labelkeep" -> {
                    Labels.Builder b = current.toBuilder();
                    for (String n : current.names()) {
                        boolean m = p.matcher(n).matches();
                        if (m == r.action().equals("labeldrop")) {
                            b.remove(n);
                        }
                    }
                    current = b.build();
                }
                default -> {
                    Matcher m = p.matcher(value);
                    if (!m.matches()) {
                        break;
                    }
                    String target = expand(m, r.targetLabel());
                    String res = expand(m, r.replacement());
                    if (target.isEmpty()) {
                        break;
                    }
                    current = current.toBuilder().set(target, res).build();
                }
            }
        }
        return current.isEmpty() ? null : current;
    }

    /** Go's regexp Expand: {@code $1}, {@code ${1}}, {@code ${name}}; unknown groups expand to "". */
    private static String expand(Matcher m, String template) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                sb.append(c);
                continue;
            }
            char n = template.charAt(i + 1);
            if (n == '$') {
                sb.append('$');
                i++;
                continue;
            }
            String name;
            int end;
            if (n == '{') {
                end = template.indexOf('}', i);
                if (end < 0) {
                    sb.append(c);
                    continue;
                }
                name = template.substring(i + 2, end);
            } else {
                end = i + 1;
                while (end < template.length() && (Character.isLetterOrDigit(template.charAt(end)) || template.charAt(end) == '_')) {
                    end++;
                }
                name = template.substring(i + 1, end);
                end--;
            }
            if (name.isEmpty()) {
                sb.append(c);
                continue;
            }
            String g = null;
            if (name.chars().allMatch(Character::isDigit)) {
                int idx = Integer.parseInt(name);
                if (idx <= m.groupCount()) {
                    g = m.group(idx);
                }
            } else {
                try {
                    g = m.group(name);
                } catch (IllegalArgumentException e) {
                    g = null;
                }
            }
            sb.append(g == null ? "" : g);
            i = end;
        }
        return sb.toString();
    }
}
