package dev.narthex.promql.eval;

import dev.narthex.storage.SampleBuffer;

/**
 * An instant-vector expression whose output series can be computed one at a time, each from one input
 * series (a selector, or a range function over a selector). A consumer that folds series as they come,
 * such as an aggregation, then never holds them all.
 *
 * <p>{@link #produce} may run on several threads at once for different series; {@link #accept} and
 * {@link #finish} run on the query's thread, {@code accept} in series order.
 */
interface SeriesProducer {
    /** Number of input series; output series {@code i} comes from input series {@code i}. */
    int size();

    /** Estimated work per series (samples read plus steps), for {@link ParallelSeries}. */
    long workPerSeries();

    /**
     * Computes series {@code i} into {@code target}, whose {@code present} flags are all false on entry,
     * setting its labels and {@code dropName}. The series has no output when no flag was set. Returns the
     * number of samples of its widest window (0 if it holds no windows), for the sample accounting.
     */
    long produce(int i, SampleBuffer buffer, StepSeries target);

    /** Accounts one output series that has points (sample limits, annotations); called in series order. */
    void accept(StepSeries s);

    /** Completes the accounting once every series was accepted; {@code widest} is the largest of {@link #produce}'s results. */
    void finish(long widest);

    /** Computes every series and keeps those with points, in order. */
    static StepVector materialize(EvalContext ctx, SeriesProducer p, int steps) {
        long[] widest = new long[p.size()];
        Object[] produced = ParallelSeries.map(ctx, p.size(), p.workPerSeries(), (i, buffer) -> {
            StepSeries s = new StepSeries(null, steps, false);
            widest[i] = p.produce(i, buffer, s);
            return s;
        });
        StepVector out = StepVector.empty(steps);
        long widestWindow = 0;
        for (int i = 0; i < produced.length; i++) {
            StepSeries s = (StepSeries) produced[i];
            widestWindow = Math.max(widestWindow, widest[i]);
            if (!s.isEmpty()) {
                p.accept(s);
                out.series.add(s);
            }
        }
        p.finish(widestWindow);
        return out;
    }
}
