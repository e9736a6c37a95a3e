package dev.narthex.promql.engine;

import dev.narthex.promql.value.Value;
import java.util.List;

/**
 * A finished query: its value plus Prometheus's warnings and infos (annotation texts), and how many
 * samples it touched at most at once (Prometheus's {@code peakSamples}) and in total.
 */
public record QueryResult(Value value, List<String> warnings, List<String> infos, long peakSamples, long totalSamples) {
    public QueryResult {
        warnings = List.copyOf(warnings);
        infos = List.copyOf(infos);
    }
}
