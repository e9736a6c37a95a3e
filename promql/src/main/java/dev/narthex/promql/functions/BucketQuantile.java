package dev.narthex.promql.functions;

/**
 * {@code histogram_quantile} and {@code histogram_fraction} over a classic histogram given as
 * parallel arrays of bucket upper bounds ({@code le}) and cumulative counts, with Prometheus's
 * rules: buckets sorted by bound and merged when bounds repeat, a {@code +Inf} bucket required,
 * numerically insignificant differences (relative 1e-12) ignored and decreases flattened
 * ("forced monotonicity", which the evaluator reports as
 * {@link Annotations#histogramQuantileForcedMonotonicity}), linear interpolation inside the bucket
 * with 0 as the lower bound of a first positive bucket.
 *
 * <p>The methods reorder the caller's arrays. After {@link #quantile}, the fields describe what was
 * fixed. Not thread-safe (the result fields); allocation-free.
 */
public final class BucketQuantile {
    /** Relative difference between adjacent bucket counts that counts as float noise. */
    public static final double SMALL_DELTA_TOLERANCE = 1e-12;

    /** Decreasing counts were flattened; emit the forced-monotonicity info. */
    public boolean forcedMonotonic;
    /** Tiny differences were ignored (silently, no annotation). */
    public boolean fixedPrecision;
    /** Lowest and highest upper bound of a bucket whose count was raised, and the largest raise. */
    public double minBucket;
    public double maxBucket;
    public double maxDiff;

    /**
     * The φ-quantile. NaN for φ = NaN, fewer than 2 buckets (after merging), no {@code +Inf} bucket,
     * or zero observations; -Inf for φ < 0; +Inf for φ > 1. If the quantile falls into the +Inf
     * bucket, the second highest bound is returned; into a first bucket with a bound ≤ 0, that bound.
     *
     * @param n the number of buckets, at least 1
     */
    public double quantile(double q, double[] upperBounds, double[] counts, int n) {
        forcedMonotonic = false;
        fixedPrecision = false;
        minBucket = 0;
        maxBucket = 0;
        maxDiff = 0;
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        sortByBound(upperBounds, counts, n);
        if (upperBounds[n - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        n = coalesce(upperBounds, counts, n);
        ensureMonotonic(upperBounds, counts, n);
        if (n < 2) {
            return Double.NaN;
        }
        double observations = counts[n - 1];
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = 0;
        int hi = n - 1;
        while (b < hi) {
            int mid = (b + hi) >>> 1;
            if (counts[mid] >= rank) {
                hi = mid;
            } else {
                b = mid + 1;
            }
        }
        if (b == n - 1) {
            return upperBounds[n - 2];
        }
        if (b == 0 && upperBounds[0] <= 0) {
            return upperBounds[0];
        }
        double bucketStart = 0;
        double bucketEnd = upperBounds[b];
        double count = counts[b];
        if (b > 0) {
            bucketStart = upperBounds[b - 1];
            count -= counts[b - 1];
            rank -= counts[b - 1];
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }

    /**
     * {@code histogram_fraction(lower, upper, …)}: the estimated fraction of observations in
     * [lower, upper], interpolating linearly inside buckets and never inside the infinite ones.
     * NaN without a {@code +Inf} bucket, with zero observations, or NaN bounds; 0 if lower ≥ upper.
     *
     * @param n the number of buckets, at least 1
     */
    public static double fraction(double lower, double upper, double[] upperBounds, double[] counts, int n) {
        sortByBound(upperBounds, counts, n);
        if (upperBounds[n - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        n = coalesce(upperBounds, counts, n);
        double count = counts[n - 1];
        if (count == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
            return Double.NaN;
        }
        if (lower >= upper) {
            return 0;
        }
        double rank = 0;
        double lowerRank = 0;
        double upperRank = 0;
        boolean lowerSet = false;
        boolean upperSet = false;
        double lowerBound = upperBounds[0] <= 0 ? Double.NEGATIVE_INFINITY : 0.0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                lowerBound = upperBounds[i - 1];
            }
            double upperBound = upperBounds[i];
            double bucketCount = counts[i];
            if (!lowerSet && lowerBound >= lower) {
                lowerRank = rank;
                lowerSet = true;
            }
            if (!upperSet && lowerBound >= upper) {
                upperRank = rank;
                upperSet = true;
            }
            if (lowerSet && upperSet) {
                break;
            }
            if (!lowerSet && lowerBound < lower && upperBound > lower) {
                lowerRank = interpolate(lower, rank, bucketCount, lowerBound, upperBound);
                lowerSet = true;
            }
            if (!upperSet && lowerBound < upper && upperBound > upper) {
                upperRank = interpolate(upper, rank, bucketCount, lowerBound, upperBound);
                upperSet = true;
            }
            if (lowerSet && upperSet) {
                break;
            }
            rank = bucketCount;
        }
        if (!lowerSet || lowerRank > count) {
            lowerRank = count;
        }
        if (!upperSet || upperRank > count) {
            upperRank = count;
        }
        return (upperRank - lowerRank) / count;
    }

    private static double interpolate(double v, double rank, double bucketCount, double lowerBound,
            double upperBound) {
        if (lowerBound == Double.NEGATIVE_INFINITY) {
            // No interpolation inside the (-Inf, x] bucket: all of it or nothing.
            return bucketCount;
        }
        return rank + (bucketCount - rank) * (v - lowerBound) / (upperBound - lowerBound);
    }

    /** Insertion sort by upper bound (bucket counts are small and usually nearly sorted). */
    static void sortByBound(double[] bounds, double[] counts, int n) {
        for (int i = 1; i < n; i++) {
            double b = bounds[i];
            double c = counts[i];
            int j = i - 1;
            while (j >= 0 && bounds[j] > b) {
                bounds[j + 1] = bounds[j];
                counts[j + 1] = counts[j];
                j--;
            }
            bounds[j + 1] = b;
            counts[j + 1] = c;
        }
    }

    /** Merges buckets with equal bounds by adding their counts; returns the new length. */
    static int coalesce(double[] bounds, double[] counts, int n) {
        int out = 0;
        for (int i = 1; i < n; i++) {
            if (bounds[i] == bounds[out]) {
                counts[out] += counts[i];
            } else {
                out++;
                bounds[out] = bounds[i];
                counts[out] = counts[i];
            }
        }
        return out + 1;
    }

    private void ensureMonotonic(double[] bounds, double[] counts, int n) {
        minBucket = Double.POSITIVE_INFINITY;
        maxBucket = Double.NEGATIVE_INFINITY;
        double prev = counts[0];
        for (int i = 1; i < n; i++) {
            double curr = counts[i];
            if (curr == prev) {
                continue;
            }
            if (AlmostEqual.equal(prev, curr, SMALL_DELTA_TOLERANCE)) {
                counts[i] = prev;
                fixedPrecision = true;
                continue;
            }
            if (curr < prev) {
                counts[i] = prev;
                forcedMonotonic = true;
                if (bounds[i] < minBucket) {
                    minBucket = bounds[i];
                }
                if (bounds[i] > maxBucket) {
                    maxBucket = bounds[i];
                }
                double diff = prev - curr;
                if (diff > maxDiff) {
                    maxDiff = diff;
                }
                continue;
            }
            prev = curr;
        }
    }
}
