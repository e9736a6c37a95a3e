package dev.narthex.promql.value;

import dev.narthex.storage.Labels;

/** One element of an instant vector. */
public record Sample(Labels labels, long timestamp, double value) {
}
