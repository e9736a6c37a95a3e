package dev.narthex.promql.eval;

import dev.narthex.storage.Labels;

/**
 * One output series of an instant-vector expression evaluated over all steps: a value per step and
 * whether the series has a point at that step. {@code dropName} is Prometheus 3's delayed
 * {@code __name__} removal: the name stays visible to later operators and is dropped at the end.
 * Mutable and owned by the evaluating thread.
 */
final class StepSeries {
    Labels labels;
    final double[] values;
    final boolean[] present;
    boolean dropName;

    StepSeries(Labels labels, int steps, boolean dropName) {
        this.labels = labels;
        this.values = new double[steps];
        this.present = new boolean[steps];
        this.dropName = dropName;
    }

    void set(int step, double v) {
        values[step] = v;
        present[step] = true;
    }

    boolean isEmpty() {
        for (boolean p : present) {
            if (p) {
                return false;
            }
        }
        return true;
    }

    int pointCount() {
        int n = 0;
        for (boolean p : present) {
            if (p) {
                n++;
            }
        }
        return n;
    }
}
