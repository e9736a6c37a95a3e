package dev.narthex.scraper.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A configuration value with the line it came from: a map, a list, a scalar string or null. Built from a
 * snakeyaml-engine node tree (lines known) or from plain Java maps and lists (line 0).
 */
public final class ConfigNode {
    private final Object value;
    private final int line;

    private ConfigNode(Object value, int line) {
        this.value = value;
        this.line = line;
    }

    public static ConfigNode of(Node node) {
        if (node == null) {
            return new ConfigNode(null, 0);
        }
        int line = node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        if (node instanceof MappingNode m) {
            Map<String, ConfigNode> map = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                ConfigNode k = of(t.getKeyNode());
                map.put(k.value == null ? "" : k.value.toString(), of(t.getValueNode()));
            }
            return new ConfigNode(map, line);
        }
        if (node instanceof SequenceNode s) {
            List<ConfigNode> list = new ArrayList<>();
            for (Node n : s.getValue()) {
                list.add(of(n));
            }
            return new ConfigNode(list, line);
        }
        ScalarNode sc = (ScalarNode) node;
        if (Tag.NULL.equals(sc.getTag())) {
            return new ConfigNode(null, line);
        }
        return new ConfigNode(sc.getValue(), line);
    }

    /** Wraps plain values: maps with string keys, lists, and scalars (converted with toString). */
    public static ConfigNode ofObject(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, ConfigNode> map = new LinkedHashMap<>();
            m.forEach((k, v) -> map.put(String.valueOf(k), ofObject(v)));
            return new ConfigNode(map, 0);
        }
        if (o instanceof List<?> l) {
            List<ConfigNode> list = new ArrayList<>();
            l.forEach(v -> list.add(ofObject(v)));
            return new ConfigNode(list, 0);
        }
        return new ConfigNode(o == null ? null : o.toString(), 0);
    }

    public int line() {
        return line;
    }

    public boolean isNull() {
        return value == null;
    }

    ConfigException error(String message) {
        return new ConfigException(line, message);
    }

    @SuppressWarnings("unchecked")
    Map<String, ConfigNode> map(String type) throws ConfigException {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map)) {
            throw error("cannot unmarshal " + kind() + " into " + type);
        }
        return (Map<String, ConfigNode>) value;
    }

    @SuppressWarnings("unchecked")
    List<ConfigNode> list(String type) throws ConfigException {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List)) {
            throw error("cannot unmarshal " + kind() + " into " + type);
        }
        return (List<ConfigNode>) value;
    }

    String string() throws ConfigException {
        if (value == null) {
            return "";
        }
        if (!(value instanceof String s)) {
            throw error("cannot unmarshal " + kind() + " into string");
        }
        return s;
    }

    private String kind() {
        if (value instanceof Map) {
            return "!!map";
        }
        if (value instanceof List) {
            return "!!seq";
        }
        return "!!str `" + value + "`";
    }
}
