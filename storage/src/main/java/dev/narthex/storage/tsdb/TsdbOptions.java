package dev.narthex.storage.tsdb;

import dev.narthex.storage.wal.FsyncPolicy;
import dev.narthex.storage.wal.WalOptions;
import java.time.Duration;

/**
 * Settings of a {@link Tsdb}. Immutable; derive variants with the {@code with...} methods. The block
 * range sets head chunk alignment, the span of flushed blocks and the base of the compaction ranges;
 * retention is applied to blocks after each compaction, measured against the newest block (time) and
 * the blocks plus the WAL (size).
 *
 * @param blockRangeMillis the time span of a block and the alignment of head chunks (2h)
 * @param retentionMillis how long data is kept (15d)
 * @param retentionBytes the maximum size of blocks and WAL on disk, 0 for no limit
 * @param walFsyncPolicy when the WAL is forced to disk
 * @param walFsyncIntervalMillis the period of {@link FsyncPolicy#BATCH}
 * @param walSegmentSize bytes per WAL segment file (128 MiB)
 * @param frameCacheBytes size bound of the cache of decompressed block frames (see {@link #defaultFrameCacheBytes()})
 * @param maxExemplars capacity of the exemplar ring ({@code storage.exemplars.max_exemplars}), 0 to keep none
 */
public record TsdbOptions(long blockRangeMillis, long retentionMillis, long retentionBytes,
                          FsyncPolicy walFsyncPolicy, long walFsyncIntervalMillis, long walSegmentSize,
                          long frameCacheBytes, long maxExemplars) {
    public TsdbOptions {
        if (blockRangeMillis <= 0) {
            throw new IllegalArgumentException("block range must be positive, got " + blockRangeMillis);
        }
        if (retentionMillis <= 0) {
            throw new IllegalArgumentException("retention time must be positive, got " + retentionMillis);
        }
        if (retentionBytes < 0) {
            throw new IllegalArgumentException("retention size must not be negative, got " + retentionBytes);
        }
        if (frameCacheBytes < 0) {
            throw new IllegalArgumentException("frame cache size must not be negative, got " + frameCacheBytes);
        }
        maxExemplars = Math.max(0, maxExemplars);
    }

    /** Options without exemplar storage. */
    public TsdbOptions(long blockRangeMillis, long retentionMillis, long retentionBytes, FsyncPolicy walFsyncPolicy,
                       long walFsyncIntervalMillis, long walSegmentSize, long frameCacheBytes) {
        this(blockRangeMillis, retentionMillis, retentionBytes, walFsyncPolicy, walFsyncIntervalMillis, walSegmentSize,
                frameCacheBytes, 0);
    }

    public static TsdbOptions defaults() {
        return new TsdbOptions(Duration.ofHours(2).toMillis(), Duration.ofDays(15).toMillis(), 0,
                FsyncPolicy.BATCH, 1000, WalOptions.DEFAULT_SEGMENT_SIZE, defaultFrameCacheBytes());
    }

    /**
     * An eighth of the maximum heap, at least 16 MiB and at most 64 MiB: a bounded share of a small heap;
     * beyond 64 MiB the heavy-query benchmark (2,132 series over 24 h) ran no faster.
     */
    public static long defaultFrameCacheBytes() {
        return Math.max(16L << 20, Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8));
    }

    public TsdbOptions withBlockRange(Duration d) {
        return new TsdbOptions(d.toMillis(), retentionMillis, retentionBytes, walFsyncPolicy, walFsyncIntervalMillis, walSegmentSize, frameCacheBytes, maxExemplars);
    }

    public TsdbOptions withRetention(Duration d) {
        return new TsdbOptions(blockRangeMillis, d.toMillis(), retentionBytes, walFsyncPolicy, walFsyncIntervalMillis, walSegmentSize, frameCacheBytes, maxExemplars);
    }

    public TsdbOptions withRetentionBytes(long bytes) {
        return new TsdbOptions(blockRangeMillis, retentionMillis, bytes, walFsyncPolicy, walFsyncIntervalMillis, walSegmentSize, frameCacheBytes, maxExemplars);
    }

    public TsdbOptions withWalFsync(FsyncPolicy policy, Duration interval) {
        return new TsdbOptions(blockRangeMillis, retentionMillis, retentionBytes, policy, interval.toMillis(), walSegmentSize, frameCacheBytes, maxExemplars);
    }

    public TsdbOptions withWalSegmentSize(long bytes) {
        return new TsdbOptions(blockRangeMillis, retentionMillis, retentionBytes, walFsyncPolicy, walFsyncIntervalMillis, bytes, frameCacheBytes, maxExemplars);
    }

    public TsdbOptions withFrameCacheBytes(long bytes) {
        return new TsdbOptions(blockRangeMillis, retentionMillis, retentionBytes, walFsyncPolicy, walFsyncIntervalMillis, walSegmentSize, bytes, maxExemplars);
    }

    /** Keeps up to {@code n} exemplars (Prometheus's {@code max_exemplars}); 0 or less keeps none. */
    public TsdbOptions withMaxExemplars(long n) {
        return new TsdbOptions(blockRangeMillis, retentionMillis, retentionBytes, walFsyncPolicy, walFsyncIntervalMillis, walSegmentSize, frameCacheBytes, n);
    }

    public WalOptions walOptions() {
        return new WalOptions(walSegmentSize, walFsyncPolicy, walFsyncIntervalMillis);
    }
}
