package dev.narthex.storage.block;

import dev.narthex.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contents of a block's {@code meta.json}: Prometheus's fields (ulid, time range with exclusive
 * maxTime, stats, compaction lineage, version 1) plus a {@code narthex} object carrying Narthex's format
 * version and a CRC32C of the canonical rest, so that a flipped byte is caught on open. Immutable.
 */
public final class BlockMeta {
    /** Prometheus's meta.json version. */
    public static final int VERSION = 1;

    /** A block this one was compacted from. */
    public record Parent(String ulid, long minTime, long maxTime) {
    }

    private final String ulid;
    private final long minTime;
    private final long maxTime;
    private final long numSeries;
    private final long numSamples;
    private final long numChunks;
    private final int level;
    private final List<String> sources;
    private final List<Parent> parents;

    public BlockMeta(String ulid, long minTime, long maxTime, long numSeries, long numSamples, long numChunks,
                     int level, List<String> sources, List<Parent> parents) {
        this.ulid = ulid;
        this.minTime = minTime;
        this.maxTime = maxTime;
        this.numSeries = numSeries;
        this.numSamples = numSamples;
        this.numChunks = numChunks;
        this.level = level;
        this.sources = List.copyOf(sources);
        this.parents = List.copyOf(parents);
    }

    public String ulid() {
        return ulid;
    }

    /** Inclusive lower bound of sample timestamps, milliseconds. */
    public long minTime() {
        return minTime;
    }

    /** Exclusive upper bound of sample timestamps, milliseconds. */
    public long maxTime() {
        return maxTime;
    }

    public long numSeries() {
        return numSeries;
    }

    public long numSamples() {
        return numSamples;
    }

    public long numChunks() {
        return numChunks;
    }

    public int level() {
        return level;
    }

    public List<String> sources() {
        return sources;
    }

    public List<Parent> parents() {
        return parents;
    }

    public String toJson() {
        String body = body();
        int crc = FileFormat.crc32c(body.getBytes(StandardCharsets.UTF_8), 0, body.getBytes(StandardCharsets.UTF_8).length);
        return body + ",\n\t\"narthex\": {\"formatVersion\": " + FileFormat.VERSION
            + ", \"crc32c\": \"" + String.format("%08x", crc) + "\"}\n}\n";
    }

    /** Everything but the narthex object, in one canonical layout: the text the checksum covers. */
    private String body() {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n\t\"ulid\": \"").append(ulid).append("\",\n");
        sb.append("\t\"minTime\": ").append(minTime).append(",\n");
        sb.append("\t\"maxTime\": ").append(maxTime).append(",\n");
        sb.append("\t\"stats\": {\"numSamples\": ").append(numSamples).append(", \"numSeries\": ").append(numSeries)
            .append(", \"numChunks\": ").append(numChunks).append("},\n");
        sb.append("\t\"compaction\": {\"level\": ").append(level).append(", \"sources\": [");
        for (int i = 0; i < sources.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(sources.get(i)).append('"');
        }
        sb.append("], \"parents\": [");
        for (int i = 0; i < parents.size(); i++) {
            Parent p = parents.get(i);
            sb.append(i == 0 ? "" : ", ").append("{\"ulid\": \"").append(p.ulid()).append("\", \"minTime\": ")
                .append(p.minTime()).append(", \"maxTime\": ").append(p.maxTime()).append('}');
        }
        sb.append("]},\n\t\"version\": ").append(VERSION);
        return sb.toString();
    }

    /** Parses and verifies meta.json text; every problem is a Corruption naming the file and offset. */
    static BlockMeta parse(Path file, String json) {
        Json p = new Json(file, json);
        Map<String, Object> root = p.object(p.parseTop());
        Map<String, Object> stats = p.object(root.get("stats"));
        Map<String, Object> compaction = p.object(root.get("compaction"));
        Map<String, Object> narthex = p.object(root.get("narthex"));
        List<String> sources = new ArrayList<>();
        for (Object o : p.list(compaction.get("sources"))) {
            sources.add(p.string(o));
        }
        List<Parent> parents = new ArrayList<>();
        for (Object o : p.list(compaction.get("parents"))) {
            Map<String, Object> m = p.object(o);
            parents.add(new Parent(p.string(m.get("ulid")), p.number(m.get("minTime")), p.number(m.get("maxTime"))));
        }
        if (p.number(root.get("version")) != VERSION) {
            throw FileFormat.corrupt(file, 0, "unsupported meta version " + root.get("version"));
        }
        if (p.number(narthex.get("formatVersion")) != FileFormat.VERSION) {
            throw FileFormat.corrupt(file, 0, "unsupported Narthex format version " + narthex.get("formatVersion"));
        }
        BlockMeta meta = new BlockMeta(p.string(root.get("ulid")), p.number(root.get("minTime")), p.number(root.get("maxTime")),
            p.number(stats.get("numSeries")), p.number(stats.get("numSamples")), p.number(stats.get("numChunks")),
            (int) p.number(compaction.get("level")), sources, parents);
        byte[] canonical = meta.body().getBytes(StandardCharsets.UTF_8);
        String want = p.string(narthex.get("crc32c"));
        String got = String.format("%08x", FileFormat.crc32c(canonical, 0, canonical.length));
        if (!want.equals(got)) {
            throw FileFormat.corrupt(file, 0, "meta checksum mismatch: stored " + want + ", computed " + got);
        }
        if (!Ulid.isValid(meta.ulid) || meta.minTime >= meta.maxTime) {
            throw FileFormat.corrupt(file, 0, "invalid ulid or time range in " + meta.ulid + " [" + meta.minTime + ", " + meta.maxTime + ")");
        }
        return meta;
    }

    @Override
    public String toString() {
        return ulid + " [" + minTime + ", " + maxTime + ") level " + level + ", " + numSeries + " series, " + numSamples + " samples";
    }

    /** A strict parser of the small JSON subset meta.json uses: objects, arrays, strings, integers. */
    private static final class Json {
        private final Path file;
        private final String s;
        private int pos;

        Json(Path file, String s) {
            this.file = file;
            this.s = s;
        }

        Object parseTop() {
            Object v = value();
            skipSpace();
            if (pos != s.length()) {
                throw error("trailing characters after the JSON object");
            }
            return v;
        }

        private Object value() {
            skipSpace();
            if (pos >= s.length()) {
                throw error("unexpected end of JSON");
            }
            char c = s.charAt(pos);
            if (c == '{') {
                pos++;
                Map<String, Object> m = new LinkedHashMap<>();
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    return m;
                }
                while (true) {
                    skipSpace();
                    String key = stringLiteral();
                    skipSpace();
                    expect(':');
                    if (m.put(key, value()) != null) {
                        throw error("duplicate key " + key);
                    }
                    skipSpace();
                    if (peek() == ',') {
                        pos++;
                    } else {
                        expect('}');
                        return m;
                    }
                }
            }
            if (c == '[') {
                pos++;
                List<Object> l = new ArrayList<>();
                skipSpace();
                if (peek() == ']') {
                    pos++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    skipSpace();
                    if (peek() == ',') {
                        pos++;
                    } else {
                        expect(']');
                        return l;
                    }
                }
            }
            if (c == '"') {
                return stringLiteral();
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                int start = pos++;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                try {
                    return Long.parseLong(s.substring(start, pos));
                } catch (NumberFormatException e) {
                    pos = start;
                    throw error("bad integer");
                }
            }
            throw error("unexpected character '" + c + "'");
        }

        private String stringLiteral() {
            expect('"');
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != '"') {
                char c = s.charAt(pos);
                if (c == '\\' || c < 0x20) {
                    throw error("unsupported character in string");
                }
                pos++;
            }
            expect('"');
            return s.substring(start, pos - 1);
        }

        private char peek() {
            if (pos >= s.length()) {
                throw error("unexpected end of JSON");
            }
            return s.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\n' || s.charAt(pos) == '\t' || s.charAt(pos) == '\r')) {
                pos++;
            }
        }

        private StorageException error(String detail) {
            return FileFormat.corrupt(file, pos, detail);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> object(Object o) {
            if (o instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
            throw FileFormat.corrupt(file, 0, "missing or non-object field");
        }

        List<?> list(Object o) {
            if (o instanceof List<?> l) {
                return l;
            }
            throw FileFormat.corrupt(file, 0, "missing or non-array field");
        }

        String string(Object o) {
            if (o instanceof String str) {
                return str;
            }
            throw FileFormat.corrupt(file, 0, "missing or non-string field");
        }

        long number(Object o) {
            if (o instanceof Long l) {
                return l;
            }
            throw FileFormat.corrupt(file, 0, "missing or non-integer field");
        }
    }
}
