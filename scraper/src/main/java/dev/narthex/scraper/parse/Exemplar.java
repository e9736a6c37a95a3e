package dev.narthex.scraper.parse;

import dev.narthex.storage.Labels;

/** An OpenMetrics exemplar: {@code # {trace_id="..."} value [timestamp]}. Immutable. */
public record Exemplar(Labels labels, double value, boolean hasTimestamp, long timestamp) {
}
