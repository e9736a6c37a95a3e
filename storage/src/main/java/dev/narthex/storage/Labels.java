package dev.narthex.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * An immutable label set sorted by name: the identity of a series.
 *
 * <p>Labels with an empty value are dropped on construction, as Prometheus treats an empty value as
 * "no label". Names and values are kept as one flat array (name, value, name, value, ...). Strings
 * handed in by the storage are interned symbols, so many series share the same String instances.
 * Thread-safe (immutable).
 */
public final class Labels implements Comparable<Labels> {
    public static final String METRIC_NAME = "__name__";
    public static final Labels EMPTY = new Labels(new String[0]);

    private final String[] pairs;
    private int hash;

    private Labels(String[] sortedPairs) {
        this.pairs = sortedPairs;
    }

    /** Builds a label set from alternating names and values, in any order; the last duplicate name wins. */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels need name/value pairs, got " + namesAndValues.length + " strings");
        }
        Builder b = new Builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.set(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    public static Labels of(Map<String, String> map) {
        Builder b = new Builder();
        map.forEach(b::set);
        return b.build();
    }

    /** Wraps pairs that the caller guarantees are sorted by name, unique and free of empty values. */
    public static Labels ofSorted(String[] sortedPairs) {
        return sortedPairs.length == 0 ? EMPTY : new Labels(sortedPairs);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        for (int i = 0; i < pairs.length; i += 2) {
            b.set(pairs[i], pairs[i + 1]);
        }
        return b;
    }

    public int size() {
        return pairs.length / 2;
    }

    public boolean isEmpty() {
        return pairs.length == 0;
    }

    public String name(int i) {
        return pairs[2 * i];
    }

    public String value(int i) {
        return pairs[2 * i + 1];
    }

    /** The value of the named label, or the empty string when absent (Prometheus's convention). */
    public String get(String name) {
        int i = indexOf(name);
        return i < 0 ? "" : pairs[2 * i + 1];
    }

    public boolean has(String name) {
        return indexOf(name) >= 0;
    }

    public String metricName() {
        return get(METRIC_NAME);
    }

    private int indexOf(String name) {
        int lo = 0;
        int hi = size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = pairs[2 * mid].compareTo(name);
            if (c == 0) {
                return mid;
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    /**
     * Replaces the strings of this label set by equal instances, typically the storage's interned
     * symbols: a caller that keeps this object (a scrape cache) then shares those strings instead of
     * holding its own copies. {@code equalString} gets the position in the flat name/value order
     * (name 0, value 0, name 1, ...) and must return a string equal to the one there. Observably a
     * no-op, so safe while other threads read this object: they see one of two equal strings.
     *
     * @throws IllegalArgumentException if a returned string differs from the one it replaces
     */
    public void shareStrings(IntFunction<String> equalString) {
        for (int i = 0; i < pairs.length; i++) {
            String s = equalString.apply(i);
            if (s != pairs[i]) {
                if (!s.equals(pairs[i])) {
                    throw new IllegalArgumentException("\"" + s + "\" does not equal \"" + pairs[i] + "\"");
                }
                pairs[i] = s;
            }
        }
    }

    /** A copy of the flat name/value array. */
    public String[] toArray() {
        return pairs.clone();
    }

    public List<String> names() {
        List<String> names = new ArrayList<>(size());
        for (int i = 0; i < pairs.length; i += 2) {
            names.add(pairs[i]);
        }
        return names;
    }

    /** A 64-bit hash of names and values, stable across runs and JVMs (FNV-1a over UTF-16 units). */
    public long hash64() {
        long h = 0xcbf29ce484222325L;
        for (String s : pairs) {
            for (int i = 0; i < s.length(); i++) {
                h ^= s.charAt(i);
                h *= 0x100000001b3L;
            }
            h ^= 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    @Override
    public int compareTo(Labels o) {
        int n = Math.min(pairs.length, o.pairs.length);
        for (int i = 0; i < n; i += 2) {
            int c = pairs[i].compareTo(o.pairs[i]);
            if (c != 0) {
                return c;
            }
            c = pairs[i + 1].compareTo(o.pairs[i + 1]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pairs.length, o.pairs.length);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Labels other && Arrays.equals(pairs, other.pairs));
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(pairs);
            hash = h;
        }
        return h;
    }

    /** Prometheus's notation: {@code name{a="x", b="y"}}, with the metric name in front when present. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        String metric = get(METRIC_NAME);
        sb.append(metric).append('{');
        boolean first = true;
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals(METRIC_NAME)) {
                continue;
            }
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(pairs[i]).append("=\"");
            appendEscaped(sb, pairs[i + 1]);
            sb.append('"');
        }
        return sb.append('}').toString();
    }

    private static void appendEscaped(StringBuilder sb, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
    }

    /** Mutable builder; setting an empty value removes the label. Not thread-safe. */
    public static final class Builder {
        private String[] pairs = new String[16];
        private int size;

        public Builder set(String name, String value) {
            for (int i = 0; i < size; i += 2) {
                if (pairs[i].equals(name)) {
                    pairs[i + 1] = value;
                    return this;
                }
            }
            if (size == pairs.length) {
                pairs = Arrays.copyOf(pairs, size * 2);
            }
            pairs[size++] = name;
            pairs[size++] = value;
            return this;
        }

        public Builder remove(String name) {
            return set(name, "");
        }

        public String get(String name) {
            for (int i = 0; i < size; i += 2) {
                if (pairs[i].equals(name)) {
                    return pairs[i + 1];
                }
            }
            return "";
        }

        public Labels build() {
            int n = 0;
            String[][] kv = new String[size / 2][];
            for (int i = 0; i < size; i += 2) {
                if (!pairs[i + 1].isEmpty()) {
                    kv[n++] = new String[] {pairs[i], pairs[i + 1]};
                }
            }
            if (n == 0) {
                return EMPTY;
            }
            Arrays.sort(kv, 0, n, (a, b) -> a[0].compareTo(b[0]));
            String[] out = new String[2 * n];
            for (int i = 0; i < n; i++) {
                out[2 * i] = kv[i][0];
                out[2 * i + 1] = kv[i][1];
            }
            return new Labels(out);
        }
    }
}
