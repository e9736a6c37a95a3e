package dev.narthex.server.config;

import dev.narthex.storage.text.PromDuration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML mapping read strictly, as Prometheus's yaml.v2 {@code UnmarshalStrict}: every key must be a known
 * field, no key twice, and values of the expected kind. Errors carry the 1-based line of the node.
 */
final class YamlMapping {
    private final Map<String, Node> values = new LinkedHashMap<>();
    private final Map<String, Node> keys = new HashMap<>();

    private YamlMapping() {
    }

    /**
     * Reads {@code node} (a mapping, or null for an absent/empty section) accepting only {@code known} keys,
     * plus any key matching {@code extraSuffix} when not null (service discovery sections).
     */
    static YamlMapping read(Node node, Set<String> known, String extraSuffix) throws ConfigException {
        return read(node, known, extraSuffix, "config.plain");
    }

    /** As {@link #read(Node, Set, String)}, naming the Go type {@code goType} in unknown-field errors. */
    static YamlMapping read(Node node, Set<String> known, String extraSuffix, String goType) throws ConfigException {
        YamlMapping m = new YamlMapping();
        if (node == null || isNull(node)) {
            return m;
        }
        if (!(node instanceof MappingNode mapping)) {
            throw typeError(node, "config.plain");
        }
        for (NodeTuple t : mapping.getValue()) {
            Node k = t.getKeyNode();
            String key = k instanceof ScalarNode s ? s.getValue() : String.valueOf(toPlain(k));
            if (!known.contains(key) && (extraSuffix == null || !key.endsWith(extraSuffix))) {
                throw unmarshal(k, "field " + key + " not found in type " + goType);
            }
            if (m.values.containsKey(key)) {
                throw unmarshal(k, "key \"" + key + "\" already set in map");
            }
            m.values.put(key, t.getValueNode());
            m.keys.put(key, k);
        }
        return m;
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode s && (Tag.NULL.equals(s.getTag()) || (s.getValue().isEmpty() && s.isPlain()));
    }

    static int line(Node n) {
        return n.getStartMark().map(mk -> mk.getLine() + 1).orElse(0);
    }

    static ConfigException unmarshal(Node n, String what) {
        return new ConfigException("yaml: unmarshal errors:\n  line " + line(n) + ": " + what);
    }

    static ConfigException typeError(Node n, String goType) {
        String tag = n instanceof MappingNode ? "!!map" : n instanceof SequenceNode ? "!!seq" : shortTag(n);
        String shown = n instanceof ScalarNode s ? " `" + s.getValue() + "`" : "";
        return unmarshal(n, "cannot unmarshal " + tag + shown + " into " + goType);
    }

    private static String shortTag(Node n) {
        String t = n.getTag().getValue();
        return t.startsWith(Tag.PREFIX) ? "!!" + t.substring(Tag.PREFIX.length()) : t;
    }

    Set<String> keys() {
        return values.keySet();
    }

    boolean has(String key) {
        return values.containsKey(key) && !isNull(values.get(key));
    }

    Node node(String key) {
        Node n = values.get(key);
        return n == null || isNull(n) ? null : n;
    }

    /** The line of a key, for errors about a whole field. */
    int keyLine(String key) {
        Node k = keys.get(key);
        return k == null ? 0 : line(k);
    }

    String string(String key, String def) throws ConfigException {
        Node n = node(key);
        if (n == null) {
            return def;
        }
        if (!(n instanceof ScalarNode s)) {
            throw typeError(n, "string");
        }
        return s.getValue();
    }

    boolean bool(String key, boolean def) throws ConfigException {
        Node n = node(key);
        if (n == null) {
            return def;
        }
        if (n instanceof ScalarNode s) {
            switch (s.getValue()) {
                case "true", "True", "TRUE", "yes", "on" -> {
                    return true;
                }
                case "false", "False", "FALSE", "no", "off" -> {
                    return false;
                }
                default -> {
                }
            }
        }
        throw typeError(n, "bool");
    }

    long uint(String key, long def) throws ConfigException {
        Node n = node(key);
        if (n == null) {
            return def;
        }
        if (n instanceof ScalarNode s) {
            try {
                long v = Long.parseLong(s.getValue());
                if (v >= 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below with the node's line
            }
        }
        throw typeError(n, "uint");
    }

    /** A signed 64-bit integer; {@code def} when absent. */
    long int64(String key, long def) throws ConfigException {
        Node n = node(key);
        if (n == null) {
            return def;
        }
        if (n instanceof ScalarNode s) {
            try {
                return Long.parseLong(s.getValue());
            } catch (NumberFormatException e) {
                // reported below with the node's line
            }
        }
        throw typeError(n, "int64");
    }

    /** A Prometheus duration in milliseconds; {@code def} when absent. */
    long duration(String key, long def) throws ConfigException {
        Node n = node(key);
        if (n == null) {
            return def;
        }
        if (!(n instanceof ScalarNode s)) {
            throw typeError(n, "model.Duration");
        }
        try {
            return PromDuration.parseMillis(s.getValue());
        } catch (IllegalArgumentException e) {
            throw unmarshal(n, e.getMessage());
        }
    }

    List<String> strings(String key) throws ConfigException {
        Node n = node(key);
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (!(n instanceof SequenceNode seq)) {
            throw typeError(n, "[]string");
        }
        for (Node item : seq.getValue()) {
            if (!(item instanceof ScalarNode s)) {
                throw typeError(item, "string");
            }
            out.add(s.getValue());
        }
        return out;
    }

    /** Items of a sequence field; nulls kept as null so that callers can report empty sections. */
    List<Node> sequence(String key) throws ConfigException {
        Node n = node(key);
        List<Node> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (!(n instanceof SequenceNode seq)) {
            throw typeError(n, "[]*config.plain");
        }
        for (Node item : seq.getValue()) {
            out.add(isNull(item) ? null : item);
        }
        return out;
    }

    /** A string-to-string mapping (labels), in file order. */
    Map<String, String> stringMap(String key) throws ConfigException {
        Node n = node(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null) {
            return out;
        }
        if (!(n instanceof MappingNode mapping)) {
            throw typeError(n, "map[string]string");
        }
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw typeError(t.getKeyNode(), "string");
            }
            Node v = t.getValueNode();
            if (!(v instanceof ScalarNode sv)) {
                throw typeError(v, "string");
            }
            if (out.containsKey(k.getValue())) {
                throw unmarshal(k, "key \"" + k.getValue() + "\" already set in map");
            }
            out.put(k.getValue(), isNull(v) ? "" : sv.getValue());
        }
        return out;
    }

    /** Plain Java value of a field: String, List or Map (null when absent). */
    Object plain(String key) {
        Node n = node(key);
        return n == null ? null : toPlain(n);
    }

    static Object toPlain(Node n) {
        if (n instanceof ScalarNode s) {
            return isNull(s) ? null : s.getValue();
        }
        if (n instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            for (Node item : seq.getValue()) {
                out.add(toPlain(item));
            }
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) n).getValue()) {
            out.put(String.valueOf(toPlain(t.getKeyNode())), toPlain(t.getValueNode()));
        }
        return out;
    }
}
