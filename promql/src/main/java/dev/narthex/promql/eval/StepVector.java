package dev.narthex.promql.eval;

import java.util.ArrayList;
import java.util.List;

/** An instant-vector expression evaluated over all steps: its series, each with per-step points. */
final class StepVector {
    final int steps;
    final List<StepSeries> series;

    StepVector(int steps, List<StepSeries> series) {
        this.steps = steps;
        this.series = series;
    }

    static StepVector empty(int steps) {
        return new StepVector(steps, new ArrayList<>());
    }
}
