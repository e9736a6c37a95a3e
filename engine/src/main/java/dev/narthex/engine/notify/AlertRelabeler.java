package dev.narthex.engine.notify;

import dev.narthex.storage.Labels;

/**
 * Relabels an alert's label set before sending: returns the new labels, or null to drop the alert.
 * Implementations are immutable and thread-safe. {@link RelabelRules} is the built-in one; a full
 * relabeling implementation can be plugged in through this interface.
 */
@FunctionalInterface
public interface AlertRelabeler {
    AlertRelabeler NONE = l -> l;

    Labels relabel(Labels labels);
}
