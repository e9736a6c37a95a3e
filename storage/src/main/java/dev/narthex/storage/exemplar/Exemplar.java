package dev.narthex.storage.exemplar;

import dev.narthex.storage.Labels;

/**
 * One stored exemplar as a query returns it: its own labels (a trace id, typically), its value and its
 * timestamp in milliseconds. Immutable.
 */
public record Exemplar(Labels labels, double value, long timestamp) {
}
