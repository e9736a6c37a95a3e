package dev.narthex.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A deliberately naive storage: a sorted map of series to sorted maps of samples. It is the model that
 * property tests compare the real storage against, and a simple backing store for other modules' tests.
 * Synchronized; appenders buffer until commit.
 */
public final class ReferenceStorage implements Queryable, Appendable {
    private final TreeMap<Labels, TreeMap<Long, Double>> series = new TreeMap<>();
    /** Start timestamps of the samples that have one, by series and sample timestamp. */
    private final Map<Labels, TreeMap<Long, Long>> startTimes = new HashMap<>();

    @Override
    public synchronized Appender appender() {
        return new Appender() {
            private final List<Object[]> pending = new ArrayList<>();

            @Override
            public long append(long ref, Labels labels, long t, double v) {
                return append(ref, labels, t, 0, v);
            }

            @Override
            public long append(long ref, Labels labels, long t, long startTime, double v) {
                synchronized (ReferenceStorage.this) {
                    TreeMap<Long, Double> s = series.get(labels);
                    if (s != null && !s.isEmpty()) {
                        long last = s.lastKey();
                        if (t < last) {
                            throw new StorageException.OutOfOrder();
                        }
                        Double existing = s.get(t);
                        if (existing != null && Double.doubleToRawLongBits(existing) != Double.doubleToRawLongBits(v)) {
                            throw new StorageException.DuplicateTimestamp();
                        }
                    }
                }
                pending.add(new Object[] {labels, t, v, startTime});
                return 0;
            }

            @Override
            public void commit() {
                synchronized (ReferenceStorage.this) {
                    for (Object[] p : pending) {
                        series.computeIfAbsent((Labels) p[0], k -> new TreeMap<>()).put((Long) p[1], (Double) p[2]);
                        TreeMap<Long, Long> st = startTimes.computeIfAbsent((Labels) p[0], k -> new TreeMap<>());
                        if ((Long) p[3] != 0) {
                            st.put((Long) p[1], (Long) p[3]);
                        } else {
                            st.remove((Long) p[1]);
                        }
                    }
                }
                pending.clear();
            }

            @Override
            public void rollback() {
                pending.clear();
            }
        };
    }

    /** Removes the samples of matching series in {@code [mint, maxt]}. */
    public synchronized void delete(List<Matcher> matchers, long mint, long maxt) {
        series.entrySet().removeIf(e -> {
            if (matchesAll(e.getKey(), matchers)) {
                e.getValue().subMap(mint, true, maxt, true).clear();
                startTimes.getOrDefault(e.getKey(), new TreeMap<>()).subMap(mint, true, maxt, true).clear();
            }
            return e.getValue().isEmpty();
        });
    }

    /** Drops every sample older than {@code mint}. */
    public synchronized void truncateBefore(long mint) {
        series.values().forEach(s -> s.headMap(mint, false).clear());
        startTimes.values().forEach(s -> s.headMap(mint, false).clear());
        series.values().removeIf(Map::isEmpty);
    }

    private static boolean matchesAll(Labels labels, List<Matcher> matchers) {
        for (Matcher m : matchers) {
            if (!m.matches(labels.get(m.name()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized Querier querier(long mint, long maxt) {
        List<Series> selected = new ArrayList<>();
        TreeMap<Labels, NavigableMap<Long, Double>> snapshot = new TreeMap<>();
        Map<Labels, NavigableMap<Long, Long>> stSnapshot = new HashMap<>();
        series.forEach((labels, samples) -> {
            NavigableMap<Long, Double> inRange = new TreeMap<>(samples.subMap(mint, true, maxt, true));
            if (!inRange.isEmpty()) {
                snapshot.put(labels, inRange);
                stSnapshot.put(labels, new TreeMap<>(startTimes.getOrDefault(labels, new TreeMap<>()).subMap(mint, true, maxt, true)));
            }
        });
        return new Querier() {
            @Override
            public List<Series> select(List<Matcher> matchers) {
                selected.clear();
                snapshot.forEach((labels, samples) -> {
                    if (matchesAll(labels, matchers)) {
                        selected.add(new Series() {
                            @Override
                            public Labels labels() {
                                return labels;
                            }

                            @Override
                            public void read(long from, long to, SampleBuffer out) {
                                NavigableMap<Long, Long> st = stSnapshot.get(labels);
                                samples.subMap(from, true, to, true).forEach((t, v) -> out.add(t, v, st.getOrDefault(t, 0L)));
                            }
                        });
                    }
                });
                return new ArrayList<>(selected);
            }

            @Override
            public List<String> labelNames(List<Matcher> matchers) {
                TreeSet<String> names = new TreeSet<>();
                snapshot.keySet().stream().filter(l -> matchesAll(l, matchers)).forEach(l -> names.addAll(l.names()));
                return new ArrayList<>(names);
            }

            @Override
            public List<String> labelValues(String name, List<Matcher> matchers) {
                TreeSet<String> values = new TreeSet<>();
                snapshot.keySet().stream().filter(l -> matchesAll(l, matchers) && l.has(name)).forEach(l -> values.add(l.get(name)));
                return new ArrayList<>(values);
            }

            @Override
            public void close() {
            }
        };
    }
}
