package dev.narthex.storage.relabel;

import com.google.re2j.Matcher;
import dev.narthex.storage.Labels;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies relabeling rules with Prometheus's semantics. Stateless and thread-safe. Relabeling runs once
 * per new target or new series (results are cached by callers), so clarity wins over allocation here.
 */
public final class Relabeler {
    private Relabeler() {
    }

    /** The relabeled label set, or null when a rule dropped it. An empty result is also a drop for callers. */
    public static Labels process(Labels in, List<RelabelConfig> rules) {
        if (rules.isEmpty()) {
            return in;
        }
        TreeMap<String, String> lb = new TreeMap<>();
        for (int i = 0; i < in.size(); i++) {
            lb.put(in.name(i), in.value(i));
        }
        if (!process(lb, rules)) {
            return null;
        }
        return Labels.of(lb);
    }

    /**
     * Relabels a mutable label map in place (empty values are never stored); false when dropped. The map
     * is left in an unspecified state after a drop.
     */
    public static boolean process(TreeMap<String, String> lb, List<RelabelConfig> rules) {
        for (RelabelConfig rule : rules) {
            if (!apply(rule, lb)) {
                return false;
            }
        }
        return true;
    }

    private static boolean apply(RelabelConfig c, TreeMap<String, String> lb) {
        String val = joinSources(c, lb);
        switch (c.action()) {
            case DROP -> {
                if (c.pattern().matches(val)) {
                    return false;
                }
            }
            case KEEP -> {
                if (!c.pattern().matches(val)) {
                    return false;
                }
            }
            case DROPEQUAL -> {
                if (lb.getOrDefault(c.targetLabel(), "").equals(val)) {
                    return false;
                }
            }
            case KEEPEQUAL -> {
                if (!lb.getOrDefault(c.targetLabel(), "").equals(val)) {
                    return false;
                }
            }
            case REPLACE -> replace(c, lb, val);
            case LOWERCASE -> set(lb, c.targetLabel(), val.toLowerCase(Locale.ROOT));
            case UPPERCASE -> set(lb, c.targetLabel(), val.toUpperCase(Locale.ROOT));
            case HASHMOD -> set(lb, c.targetLabel(), Long.toUnsignedString(hashMod(val, c.modulus())));
            case LABELMAP -> {
                for (Map.Entry<String, String> e : List.copyOf(lb.entrySet())) {
                    Matcher m = c.pattern().matcher(e.getKey());
                    if (m.matches()) {
                        set(lb, GoTemplate.expand(c.replacement(), m, c.groupNames()), e.getValue());
                    }
                }
            }
            case LABELDROP -> lb.keySet().removeIf(name -> c.pattern().matches(name));
            case LABELKEEP -> lb.keySet().removeIf(name -> !c.pattern().matches(name));
            default -> throw new IllegalStateException("relabel: unknown relabel action type " + c.action());
        }
        return true;
    }

    private static void replace(RelabelConfig c, TreeMap<String, String> lb, String val) {
        // Prometheus's shortcut: an empty source with the default regex sets the literal replacement.
        if (val.isEmpty() && c.regexIsDefault() && !c.targetLabel().contains("$") && !c.replacement().contains("$")) {
            set(lb, c.targetLabel(), c.replacement());
            return;
        }
        Matcher m = c.pattern().matcher(val);
        if (!m.matches()) {
            return;
        }
        String target = GoTemplate.expand(c.targetLabel(), m, c.groupNames());
        if (!validLabelName(target)) {
            return;
        }
        String res = GoTemplate.expand(c.replacement(), m, c.groupNames());
        if (res.isEmpty()) {
            lb.remove(target);
        } else {
            lb.put(target, res);
        }
    }

    private static String joinSources(RelabelConfig c, TreeMap<String, String> lb) {
        List<String> sources = c.sourceLabels();
        if (sources.isEmpty()) {
            return "";
        }
        if (sources.size() == 1) {
            return lb.getOrDefault(sources.get(0), "");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sources.size(); i++) {
            if (i > 0) {
                sb.append(c.separator());
            }
            sb.append(lb.getOrDefault(sources.get(i), ""));
        }
        return sb.toString();
    }

    private static void set(TreeMap<String, String> lb, String name, String value) {
        if (value.isEmpty()) {
            lb.remove(name);
        } else {
            lb.put(name, value);
        }
    }

    /** Prometheus's hashmod: the low 8 bytes of the MD5 of the value, big-endian, modulo (unsigned). */
    public static long hashMod(String value, long modulus) {
        try {
            byte[] sum = MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8));
            return Long.remainderUnsigned(ByteBuffer.wrap(sum, 8, 8).getLong(), modulus);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    /** Prometheus 3's (UTF-8) rule for label names: any non-empty string. */
    static boolean validLabelName(String name) {
        return !name.isEmpty();
    }
}
