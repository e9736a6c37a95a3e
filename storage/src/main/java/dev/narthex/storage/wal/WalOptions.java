package dev.narthex.storage.wal;

/**
 * WAL settings. Immutable.
 *
 * @param segmentSize bytes after which a new segment file is started (records never span segments)
 * @param fsyncPolicy when records are forced to disk
 * @param fsyncIntervalMillis the period of {@link FsyncPolicy#BATCH}
 */
public record WalOptions(long segmentSize, FsyncPolicy fsyncPolicy, long fsyncIntervalMillis) {
    public static final long DEFAULT_SEGMENT_SIZE = 128L << 20;

    public WalOptions {
        if (segmentSize < 1024) {
            throw new IllegalArgumentException("WAL segment size must be at least 1 KiB, got " + segmentSize);
        }
        if (fsyncPolicy == FsyncPolicy.BATCH && fsyncIntervalMillis <= 0) {
            throw new IllegalArgumentException("WAL fsync interval must be positive, got " + fsyncIntervalMillis);
        }
    }

    public static WalOptions defaults() {
        return new WalOptions(DEFAULT_SEGMENT_SIZE, FsyncPolicy.BATCH, 1000);
    }
}
