package dev.narthex.storage.exemplar;

import dev.narthex.storage.Labels;
import java.util.List;

/** The exemplars of one series that a query selected, oldest first. Immutable. */
public record SeriesExemplars(Labels seriesLabels, List<Exemplar> exemplars) {
    public SeriesExemplars {
        exemplars = List.copyOf(exemplars);
    }
}
