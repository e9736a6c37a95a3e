package dev.narthex.engine.rules;

import dev.narthex.storage.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** promtool's rule lint: rules of a file with the same name and labels (group labels merged in). */
public final class RuleLint {
    private RuleLint() {
    }

    /** A rule name and label set that occurs more than once. */
    public record Duplicate(String metric, Labels labels) {
    }

    /** Each duplicated (name, labels) once, sorted by name then labels. */
    public static List<Duplicate> duplicates(List<RuleGroupSpec> groups) {
        List<Duplicate> all = new ArrayList<>();
        for (RuleGroupSpec g : groups) {
            for (RuleSpec r : g.rules()) {
                Map<String, String> l = new TreeMap<>();
                for (int i = 0; i < g.labels().size(); i++) {
                    l.put(g.labels().name(i), g.labels().value(i));
                }
                l.putAll(r.labels());
                all.add(new Duplicate(r.name(), Labels.of(l)));
            }
        }
        all.sort(Comparator.comparing(Duplicate::metric).thenComparing(Duplicate::labels));
        List<Duplicate> out = new ArrayList<>();
        for (int i = 1; i < all.size(); i++) {
            if (all.get(i).equals(all.get(i - 1)) && (out.isEmpty() || !out.get(out.size() - 1).equals(all.get(i)))) {
                out.add(all.get(i));
            }
        }
        return out;
    }

    /** promtool's lint text for {@code duplicates} (non-empty). */
    public static String message(List<Duplicate> duplicates) {
        StringBuilder sb = new StringBuilder().append(duplicates.size()).append(" duplicate rule(s) found.\n");
        for (Duplicate d : duplicates) {
            sb.append("Metric: ").append(d.metric()).append("\nLabel(s):\n");
            for (int i = 0; i < d.labels().size(); i++) {
                sb.append('\t').append(d.labels().name(i)).append(": ").append(d.labels().value(i)).append('\n');
            }
        }
        return sb.append("Might cause inconsistency while recording expressions").toString();
    }
}
