package dev.narthex.promql.functions;

import java.util.Locale;

/**
 * Every PromQL function over a range vector of floats, by name, so the evaluator can wire them
 * without knowing each kernel: {@code RangeKernel.forName("rate")}, then per series and step
 * {@link #hasOutput} and {@link #apply} over the float samples of the window (see
 * {@link RangeFunctions} for the window convention and {@link RangeWindow} for the context).
 *
 * <p>Only float samples are passed in. Histogram samples in the same window are the evaluator's:
 * count_over_time counts them too (use {@link OverTimeFunctions#count} with the total),
 * first/last/ts_of_first/ts_of_last compare times across both kinds, and the functions listed in
 * {@link OverTimeFunctions} annotate or reject mixed windows. The evaluator checks the scalar
 * arguments first (e.g. {@link RangeFunctions#invalidSmoothingFactor}, {@link Quantiles#isInvalidQuantile}).
 */
public enum RangeKernel {
    RATE(true, true) {
        @Override
        public boolean hasOutput(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return rateHasOutput(ts, from, to, w);
        }

        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return rate(ts, vs, from, to, w, true, true);
        }
    },
    INCREASE(true, true) {
        @Override
        public boolean hasOutput(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return rateHasOutput(ts, from, to, w);
        }

        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return rate(ts, vs, from, to, w, true, false);
        }
    },
    DELTA(true, true) {
        @Override
        public boolean hasOutput(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return rateHasOutput(ts, from, to, w);
        }

        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return rate(ts, vs, from, to, w, false, false);
        }
    },
    IRATE(false, false) {
        @Override
        public boolean hasOutput(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return RangeFunctions.instantValueHasOutput(ts, from, to);
        }

        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return RangeFunctions.instantValue(ts, vs, from, to, true);
        }
    },
    IDELTA(false, false) {
        @Override
        public boolean hasOutput(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return RangeFunctions.instantValueHasOutput(ts, from, to);
        }

        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return RangeFunctions.instantValue(ts, vs, from, to, false);
        }
    },
    DERIV(false, false) {
        @Override
        public boolean hasOutput(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return RangeFunctions.regressionHasOutput(to - from);
        }

        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return RangeFunctions.deriv(ts, vs, from, to);
        }
    },
    PREDICT_LINEAR(false, false) {
        @Override
        public boolean hasOutput(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return RangeFunctions.regressionHasOutput(to - from);
        }

        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return RangeFunctions.predictLinear(ts, vs, from, to, w.evalTsMs, w.param);
        }
    },
    RESETS(true, false) {
        @Override
        public boolean hasOutput(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return to > from && RangeFunctions.countingStart(ts, from, to, w.rangeStartMs, w.anchored) >= 0;
        }

        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return RangeFunctions.resets(vs, RangeFunctions.countingStart(ts, from, to, w.rangeStartMs, w.anchored),
                    to);
        }
    },
    CHANGES(true, false) {
        @Override
        public boolean hasOutput(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return to > from && RangeFunctions.countingStart(ts, from, to, w.rangeStartMs, w.anchored) >= 0;
        }

        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return RangeFunctions.changes(vs,
                    RangeFunctions.countingStart(ts, from, to, w.rangeStartMs, w.anchored), to);
        }
    },
    DOUBLE_EXPONENTIAL_SMOOTHING(false, false) {
        @Override
        public boolean hasOutput(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return RangeFunctions.doubleExponentialSmoothingHasOutput(to - from);
        }

        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return RangeFunctions.doubleExponentialSmoothing(vs, from, to, w.param, w.param2);
        }
    },
    AVG_OVER_TIME(false, false) {
        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return OverTimeFunctions.avg(vs, from, to);
        }
    },
    SUM_OVER_TIME(false, false) {
        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return OverTimeFunctions.sum(vs, from, to);
        }
    },
    COUNT_OVER_TIME(false, false) {
        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return OverTimeFunctions.count(to - from);
        }
    },
    MIN_OVER_TIME(false, false) {
        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return OverTimeFunctions.min(vs, from, to);
        }
    },
    MAX_OVER_TIME(false, false) {
        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return OverTimeFunctions.max(vs, from, to);
        }
    },
    QUANTILE_OVER_TIME(false, false) {
        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return OverTimeFunctions.quantile(w.param, vs, from, to, w.scratch(to - from));
        }
    },
    STDDEV_OVER_TIME(false, false) {
        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return OverTimeFunctions.stddev(vs, from, to);
        }
    },
    STDVAR_OVER_TIME(false, false) {
        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return OverTimeFunctions.stdvar(vs, from, to);
        }
    },
    MAD_OVER_TIME(false, false) {
        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return OverTimeFunctions.mad(vs, from, to, w.scratch(to - from));
        }
    },
    LAST_OVER_TIME(false, false) {
        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return OverTimeFunctions.last(vs, from, to);
        }
    },
    FIRST_OVER_TIME(false, false) {
        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return OverTimeFunctions.first(vs, from, to);
        }
    },
    PRESENT_OVER_TIME(false, false) {
        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return OverTimeFunctions.present();
        }
    },
    TS_OF_MIN_OVER_TIME(false, false) {
        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return OverTimeFunctions.tsOfMin(ts, vs, from, to);
        }
    },
    TS_OF_MAX_OVER_TIME(false, false) {
        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return OverTimeFunctions.tsOfMax(ts, vs, from, to);
        }
    },
    TS_OF_FIRST_OVER_TIME(false, false) {
        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return OverTimeFunctions.tsSeconds(ts[from]);
        }
    },
    TS_OF_LAST_OVER_TIME(false, false) {
        @Override
        public double apply(long[] ts, double[] vs, int from, int to, RangeWindow w) {
            return OverTimeFunctions.tsSeconds(ts[to - 1]);
        }
    };

    private final boolean anchoredSafe;
    private final boolean smoothedSafe;
    private final String functionName;

    RangeKernel(boolean anchoredSafe, boolean smoothedSafe) {
        this.anchoredSafe = anchoredSafe;
        this.smoothedSafe = smoothedSafe;
        this.functionName = name().toLowerCase(Locale.ROOT);
    }

    /** The PromQL function name, e.g. "ts_of_max_over_time". */
    public String functionName() {
        return functionName;
    }

    /** Whether the function accepts an {@code anchored} selector (Prometheus's AnchoredSafeFunctions). */
    public boolean anchoredSafe() {
        return anchoredSafe;
    }

    /** Whether the function accepts a {@code smoothed} selector (Prometheus's SmoothedSafeFunctions). */
    public boolean smoothedSafe() {
        return smoothedSafe;
    }

    /** Whether Prometheus emits a sample for this window; by default when it has a float sample. */
    public boolean hasOutput(long[] ts, double[] vs, int from, int to, RangeWindow w) {
        return to > from;
    }

    /** The function's value for the window. Precondition: {@link #hasOutput} is true. */
    public abstract double apply(long[] ts, double[] vs, int from, int to, RangeWindow w);

    /** The kernel for a PromQL function name, or null if the function is not a float range kernel. */
    public static RangeKernel forName(String name) {
        for (RangeKernel k : values()) {
            if (k.functionName.equals(name)) {
                return k;
            }
        }
        return null;
    }

    /** "anchored modifier can only be used with: changes, delta, increase, rate, resets - not with deriv". */
    public static String anchoredNotAllowedMessage(String function) {
        return "anchored modifier can only be used with: changes, delta, increase, rate, resets - not with "
                + function;
    }

    /** "smoothed modifier can only be used with: delta, increase, rate - not with deriv". */
    public static String smoothedNotAllowedMessage(String function) {
        return "smoothed modifier can only be used with: delta, increase, rate - not with " + function;
    }

    /** Two samples for plain ranges; a sample inside the range for anchored/smoothed ones. */
    private static boolean rateHasOutput(long[] ts, int from, int to, RangeWindow w) {
        if (to <= from) {
            return false;
        }
        if (w.anchored || w.smoothed) {
            return RangeFunctions.extendedRateHasOutput(ts, from, to, w.rangeStartMs, w.rangeEndMs, w.smoothed);
        }
        return RangeFunctions.extrapolatedRateHasOutput(to - from);
    }

    private static double rate(long[] ts, double[] vs, int from, int to, RangeWindow w, boolean counter,
            boolean isRate) {
        if (w.anchored || w.smoothed) {
            return RangeFunctions.extendedRate(ts, vs, from, to, w.rangeStartMs, w.rangeEndMs, w.smoothed, counter,
                    isRate);
        }
        return RangeFunctions.extrapolatedRate(ts, vs, from, to, w.rangeStartMs, w.rangeEndMs, counter, isRate);
    }
}
