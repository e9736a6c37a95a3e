package dev.narthex.promql.functions;

import java.util.Arrays;

/** The {@link FloatAggregator} implementations, one small class per operator. */
final class FloatAggregators {
    private FloatAggregators() {
    }

    static double[] ensure(double[] a, int n) {
        return a.length >= n ? a : new double[Math.max(n, a.length * 2)];
    }

    /** {@code sum}: Kahan-compensated. */
    static final class Sum implements FloatAggregator {
        private double[] sum = new double[0];
        private double[] c = new double[0];

        @Override
        public void reset(int groups) {
            sum = ensure(sum, groups);
            c = ensure(c, groups);
        }

        @Override
        public void first(int g, double f) {
            sum[g] = f;
            c[g] = 0;
        }

        @Override
        public void add(int g, double f) {
            c[g] = KahanSum.compensation(f, sum[g], c[g]);
            sum[g] += f;
        }

        @Override
        public double result(int g) {
            return sum[g] + c[g];
        }
    }

    /** {@code avg}: Kahan sum divided by count, or an incremental mean once the sum would overflow. */
    static final class Avg implements FloatAggregator {
        private double[] sum = new double[0];
        private double[] mean = new double[0];
        private double[] c = new double[0];
        private double[] count = new double[0];
        private boolean[] incremental = new boolean[0];

        @Override
        public void reset(int groups) {
            sum = ensure(sum, groups);
            mean = ensure(mean, groups);
            c = ensure(c, groups);
            count = ensure(count, groups);
            if (incremental.length < groups) {
                incremental = new boolean[Math.max(groups, incremental.length * 2)];
            }
        }

        @Override
        public void first(int g, double f) {
            sum[g] = f;
            mean[g] = f;
            c[g] = 0;
            count[g] = 1;
            incremental[g] = false;
        }

        @Override
        public void add(int g, double f) {
            double n = ++count[g];
            if (!incremental[g]) {
                double newC = KahanSum.compensation(f, sum[g], c[g]);
                double newSum = sum[g] + f;
                if (!Double.isInfinite(newSum)) {
                    sum[g] = newSum;
                    c[g] = newC;
                    return;
                }
                incremental[g] = true;
                mean[g] = sum[g] / (n - 1);
                c[g] /= n - 1;
            }
            double q = (n - 1) / n;
            double inc = f / n;
            double base = q * mean[g];
            c[g] = KahanSum.compensation(inc, base, q * c[g]);
            mean[g] = base + inc;
        }

        @Override
        public double result(int g) {
            if (incremental[g]) {
                return mean[g] + c[g];
            }
            return sum[g] / count[g] + c[g] / count[g];
        }
    }

    /** {@code min}: a NaN so far is replaced by any later value. */
    static final class Min implements FloatAggregator {
        private double[] v = new double[0];

        @Override
        public void reset(int groups) {
            v = ensure(v, groups);
        }

        @Override
        public void first(int g, double f) {
            v[g] = f;
        }

        @Override
        public void add(int g, double f) {
            if (v[g] > f || Double.isNaN(v[g])) {
                v[g] = f;
            }
        }

        @Override
        public double result(int g) {
            return v[g];
        }
    }

    /** {@code max}: a NaN so far is replaced by any later value. */
    static final class Max implements FloatAggregator {
        private double[] v = new double[0];

        @Override
        public void reset(int groups) {
            v = ensure(v, groups);
        }

        @Override
        public void first(int g, double f) {
            v[g] = f;
        }

        @Override
        public void add(int g, double f) {
            if (v[g] < f || Double.isNaN(v[g])) {
                v[g] = f;
            }
        }

        @Override
        public double result(int g) {
            return v[g];
        }
    }

    /** {@code count}. */
    static final class Count implements FloatAggregator {
        private double[] n = new double[0];

        @Override
        public void reset(int groups) {
            n = ensure(n, groups);
        }

        @Override
        public void first(int g, double f) {
            n[g] = 1;
        }

        @Override
        public void add(int g, double f) {
            n[g]++;
        }

        @Override
        public double result(int g) {
            return n[g];
        }
    }

    /** {@code group}: always 1. */
    static final class Group implements FloatAggregator {
        @Override
        public void reset(int groups) {
        }

        @Override
        public void first(int g, double f) {
        }

        @Override
        public void add(int g, double f) {
        }

        @Override
        public double result(int g) {
            return 1;
        }
    }

    /**
     * {@code stdvar}/{@code stddev}: Welford's online variance, plain (uncompensated) as Prometheus's
     * aggregation does; a NaN or infinite first value makes the group NaN.
     */
    static final class Variance implements FloatAggregator {
        private final boolean sqrt;
        private double[] aux = new double[0];
        private double[] mean = new double[0];
        private double[] count = new double[0];

        Variance(boolean sqrt) {
            this.sqrt = sqrt;
        }

        @Override
        public void reset(int groups) {
            aux = ensure(aux, groups);
            mean = ensure(mean, groups);
            count = ensure(count, groups);
        }

        @Override
        public void first(int g, double f) {
            aux[g] = (Double.isNaN(f) || Double.isInfinite(f)) ? Double.NaN : 0;
            mean[g] = f;
            count[g] = 1;
        }

        @Override
        public void add(int g, double f) {
            double n = ++count[g];
            double delta = f - mean[g];
            mean[g] += delta / n;
            aux[g] += delta * (f - mean[g]);
        }

        @Override
        public double result(int g) {
            double variance = aux[g] / count[g];
            return sqrt ? Math.sqrt(variance) : variance;
        }
    }

    /** {@code quantile(φ, …)}: collects each group's values, then {@link Quantiles#quantile}. */
    static final class Quantile implements FloatAggregator {
        private double q;
        private double[][] values = new double[0][];
        private int[] sizes = new int[0];

        Quantile(double q) {
            this.q = q;
        }

        @Override
        public void parameter(double param) {
            q = param;
        }

        @Override
        public void reset(int groups) {
            if (values.length < groups) {
                values = Arrays.copyOf(values, Math.max(groups, values.length * 2));
                sizes = Arrays.copyOf(sizes, values.length);
            }
        }

        @Override
        public void first(int g, double f) {
            sizes[g] = 0;
            add(g, f);
        }

        @Override
        public void add(int g, double f) {
            double[] a = values[g];
            int n = sizes[g];
            if (a == null || a.length == n) {
                a = a == null ? new double[8] : Arrays.copyOf(a, n * 2);
                values[g] = a;
            }
            a[n] = f;
            sizes[g] = n + 1;
        }

        @Override
        public double result(int g) {
            return Quantiles.quantile(q, values[g], sizes[g]);
        }
    }
}
