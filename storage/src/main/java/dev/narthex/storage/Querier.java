package dev.narthex.storage;

import java.util.List;

/**
 * A read view over a fixed time range {@code [mint, maxt]} (milliseconds, inclusive). Holds the data it
 * reads alive until closed. Not thread-safe; open one per query.
 */
public interface Querier extends AutoCloseable {
    /**
     * The series that match every matcher and have at least one sample in the range, sorted by labels.
     * At least one matcher must not match the empty string, as in Prometheus.
     */
    List<Series> select(List<Matcher> matchers);

    /** Sorted label names of the series selected by the matchers (all series when none are given). */
    List<String> labelNames(List<Matcher> matchers);

    /** Sorted values of one label over the series selected by the matchers (all series when none are given). */
    List<String> labelValues(String name, List<Matcher> matchers);

    @Override
    void close();
}
