package dev.narthex.engine.yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML node with its 1-based line and column, read strictly the way Prometheus's go-yaml decoding
 * with known fields reports problems: unknown fields and type mismatches are collected as
 * {@code line N: ...} texts into an error list rather than thrown. Immutable.
 */
public final class YamlTree {
    private final Node node;

    private YamlTree(Node node) {
        this.node = node;
    }

    /** Parses the first document; null for an empty one. */
    public static YamlTree parse(String content) throws YamlSyntaxException {
        try {
            return new Compose(LoadSettings.builder().setAllowDuplicateKeys(false).build()).composeString(content)
                    .map(YamlTree::new).orElse(null);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new YamlSyntaxException("yaml: line " + line + ": " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new YamlSyntaxException("yaml: " + e.getMessage());
        }
    }

    public int line() {
        return node.getStartMark().map(Mark::getLine).orElse(-1) + 1;
    }

    public int column() {
        return node.getStartMark().map(Mark::getColumn).orElse(-1) + 1;
    }

    public boolean isNull() {
        return node.getTag().equals(Tag.NULL);
    }

    public boolean isMap() {
        return node instanceof MappingNode;
    }

    public boolean isSeq() {
        return node instanceof SequenceNode;
    }

    /** The scalar text, or null (with an error noted) when the node is not a scalar. */
    public String str(List<String> errs, String goType) {
        if (isNull()) {
            return "";
        }
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        errs.add("line " + line() + ": cannot unmarshal " + kind() + " into " + goType);
        return null;
    }

    /**
     * A {@code model.Duration} field in milliseconds: 0 when absent, null or not a scalar, 0 with
     * Prometheus's parse error noted when the text is not a duration.
     */
    public static long durationMillis(YamlTree n, List<String> errs) {
        if (n == null) {
            return 0;
        }
        String s = n.str(errs, "model.Duration");
        if (s == null) {
            return 0;
        }
        try {
            return dev.narthex.storage.text.PromDuration.parseMillis(s);
        } catch (IllegalArgumentException e) {
            errs.add(e.getMessage());
            return 0;
        }
    }

    /** Elements of a sequence (empty for null), noting an error for another kind. */
    public List<YamlTree> seq(List<String> errs, String goType) {
        List<YamlTree> out = new ArrayList<>();
        if (isNull()) {
            return out;
        }
        if (!(node instanceof SequenceNode s)) {
            errs.add("line " + line() + ": cannot unmarshal " + kind() + " into " + goType);
            return out;
        }
        for (Node n : s.getValue()) {
            out.add(new YamlTree(n));
        }
        return out;
    }

    /**
     * Fields of a mapping by key, in file order; keys outside {@code known} are reported as Go's
     * {@code field X not found in type T}.
     */
    public Map<String, YamlTree> fields(List<String> errs, String goType, Set<String> known) {
        Map<String, YamlTree> out = new LinkedHashMap<>();
        if (isNull()) {
            return out;
        }
        if (!(node instanceof MappingNode m)) {
            errs.add("line " + line() + ": cannot unmarshal " + kind() + " into " + goType);
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            YamlTree k = new YamlTree(t.getKeyNode());
            String key = k.node instanceof ScalarNode s ? s.getValue() : k.kind();
            if (known != null && !known.contains(key)) {
                errs.add("line " + k.line() + ": field " + key + " not found in type " + goType);
                continue;
            }
            if (out.containsKey(key)) {
                errs.add("line " + k.line() + ": mapping key \"" + key + "\" already defined");
                continue;
            }
            out.put(key, new YamlTree(t.getValueNode()));
        }
        return out;
    }

    /** A {@code map[string]string}: every value must be a scalar. */
    public Map<String, String> stringMap(List<String> errs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, YamlTree> e : fields(errs, "map[string]string", null).entrySet()) {
            String v = e.getValue().str(errs, "string");
            if (v != null) {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    private String kind() {
        if (node instanceof MappingNode) {
            return "!!map";
        }
        if (node instanceof SequenceNode) {
            return "!!seq";
        }
        String tag = node.getTag().getValue();
        int colon = tag.lastIndexOf(':');
        String s = node instanceof ScalarNode sc ? " `" + sc.getValue() + "`" : "";
        return "!!" + tag.substring(colon + 1) + s;
    }
}
