package dev.narthex.promql.eval;

import dev.narthex.promql.engine.ErrorType;
import dev.narthex.promql.engine.PromqlException;
import dev.narthex.storage.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Merges series that ended up with the same labels, as Prometheus's range evaluation does per step. */
final class Merging {
    static final String DUPLICATE_LABELSET = "vector cannot contain metrics with the same labelset";

    private Merging() {
    }

    /** Joins same-label series whose points do not overlap; a step with two points is Prometheus's duplicate error. */
    static StepVector mergeSameLabels(StepVector v) {
        if (v.series.size() < 2) {
            return v;
        }
        Map<Labels, StepSeries> byLabels = new HashMap<>();
        List<StepSeries> out = new ArrayList<>(v.series.size());
        for (StepSeries s : v.series) {
            StepSeries first = byLabels.putIfAbsent(s.labels, s);
            if (first == null) {
                out.add(s);
                continue;
            }
            for (int i = 0; i < v.steps; i++) {
                if (s.present[i]) {
                    if (first.present[i]) {
                        throw new PromqlException(ErrorType.EXECUTION, DUPLICATE_LABELSET);
                    }
                    first.set(i, s.values[i]);
                }
            }
            first.dropName |= s.dropName;
        }
        return out.size() == v.series.size() ? v : new StepVector(v.steps, out);
    }
}
