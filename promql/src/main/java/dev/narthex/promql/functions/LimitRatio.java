package dev.narthex.promql.functions;

import dev.narthex.storage.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code limit_ratio}'s deterministic sampling: a series is kept when the hash of its label set,
 * scaled to [0, 1], lies below the ratio (or, for a negative ratio r, at or above 1 + r), so that
 * {@code limit_ratio(r, x)} and {@code limit_ratio(-(1 - r), x)} are complements. The hash is
 * Prometheus's {@code labels.Labels.Hash()} of its default ("stringlabels") build: XXH64 over the
 * label pairs, each string prefixed by its length (one byte below 255, else 0xFF and three bytes
 * little-endian). Not thread-safe (reuses a byte buffer); use one instance per evaluation.
 */
public final class LimitRatio {
    /** Query error when the ratio is NaN. */
    public static final String RATIO_NAN = "Ratio value is NaN";

    private static final double MAX_UINT64 = 18446744073709551615.0;

    private byte[] buf = new byte[256];

    /** Prometheus's {@code Labels.Hash()} of the default build. */
    public long labelsHash(Labels labels) {
        int n = 0;
        for (int i = 0; i < labels.size(); i++) {
            n = put(labels.name(i), n);
            n = put(labels.value(i), n);
        }
        return XxHash64.hash(buf, 0, n);
    }

    /** The series' sampling offset in [0, 1]: its hash divided by the largest uint64. */
    public double sampleOffset(Labels labels) {
        return unsignedToDouble(labelsHash(labels)) / MAX_UINT64;
    }

    /** The ratio after capping to [-1, 1]; the evaluator warns {@link Annotations#invalidRatio} when it differs. */
    public static double cap(double ratio) {
        if (ratio < -1.0) {
            return -1.0;
        }
        if (ratio > 1.0) {
            return 1.0;
        }
        return ratio;
    }

    /** Whether a series with this offset is kept for the (capped) ratio. A zero ratio keeps nothing. */
    public static boolean accept(double ratio, double sampleOffset) {
        return (ratio >= 0 && sampleOffset < ratio) || (ratio < 0 && sampleOffset >= 1.0 + ratio);
    }

    /** Go's {@code float64(uint64)}: round to nearest even; the halved value keeps a sticky low bit. */
    static double unsignedToDouble(long h) {
        if (h >= 0) {
            return (double) h;
        }
        return (double) ((h >>> 1) | (h & 1)) * 2.0;
    }

    private int put(String s, int n) {
        byte[] bytes = ascii(s) ? null : s.getBytes(StandardCharsets.UTF_8);
        int len = bytes == null ? s.length() : bytes.length;
        ensure(n + len + 4);
        if (len < 255) {
            buf[n++] = (byte) len;
        } else {
            buf[n++] = (byte) 255;
            buf[n++] = (byte) len;
            buf[n++] = (byte) (len >>> 8);
            buf[n++] = (byte) (len >>> 16);
        }
        if (bytes == null) {
            for (int i = 0; i < len; i++) {
                buf[n++] = (byte) s.charAt(i);
            }
        } else {
            System.arraycopy(bytes, 0, buf, n, len);
            n += len;
        }
        return n;
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private void ensure(int size) {
        if (buf.length < size) {
            buf = Arrays.copyOf(buf, Math.max(size, buf.length * 2));
        }
    }
}
