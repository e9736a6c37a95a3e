package dev.narthex.storage.tsdb;

import dev.narthex.storage.block.BlockStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Read-only view of a {@link Tsdb}'s counters and gauges under Prometheus's metric names, for the
 * server's {@code /metrics}. Every call reads current values; safe from any thread.
 */
public final class TsdbMetrics {
    private final Tsdb db;

    TsdbMetrics(Tsdb db) {
        this.db = db;
    }

    public long headSeries() {
        return db.head().stats().series();
    }

    public long headSeriesCreatedTotal() {
        return db.head().stats().seriesCreated();
    }

    public long headSeriesRemovedTotal() {
        return db.head().stats().seriesRemoved();
    }

    public long headSamplesAppendedTotal() {
        return db.head().stats().samplesAppended();
    }

    public long outOfOrderSamplesTotal() {
        return db.head().stats().outOfOrderSamples();
    }

    public long outOfBoundsSamplesTotal() {
        return db.head().stats().outOfBoundsSamples();
    }

    public long headChunks() {
        return db.head().stats().chunks();
    }

    /** The head's oldest sample, or the newest block's end before the head has samples (as Prometheus). */
    public long headMinTime() {
        long t = db.head().minTime();
        return t == Long.MAX_VALUE ? Math.max(db.head().minValidTime(), 0) : t;
    }

    public long headMaxTime() {
        long t = db.head().maxTime();
        return t == Long.MIN_VALUE ? headMinTime() : t;
    }

    /** The oldest timestamp held anywhere: the first block's start, else the head's minimum. */
    public long lowestTimestamp() {
        BlockStore blocks = db.blockStore();
        if (blocks != null && !blocks.blocks().isEmpty()) {
            return blocks.blocks().get(0).meta().minTime();
        }
        return headMinTime();
    }

    /** Head flushes and block compactions, as Prometheus counts both. */
    public long compactionsTotal() {
        return db.headFlushes() + (db.blockStore() == null ? 0 : db.blockStore().compactionsTotal());
    }

    public long blocksLoaded() {
        return db.blockStore() == null ? 0 : db.blockStore().blocks().size();
    }

    public long storageBlocksBytes() {
        BlockStore blocks = db.blockStore();
        return blocks == null ? 0 : blocks.sizeBytes();
    }

    public long walCorruptionsTotal() {
        return db.head().wal() == null ? 0 : db.head().wal().corruptionsRepaired();
    }

    public long retentionLimitBytes() {
        return db.options().retentionBytes();
    }

    public long sizeRetentionsTotal() {
        return db.blockStore() == null ? 0 : db.blockStore().sizeRetentionsTotal();
    }

    public long timeRetentionsTotal() {
        return db.blockStore() == null ? 0 : db.blockStore().timeRetentionsTotal();
    }

    /** Seconds spent in {@link Tsdb#cleanTombstones()} since open. */
    public double tombstoneCleanupSecondsSum() {
        return db.tombstoneCleanupNanos() / 1e9;
    }

    public long tombstoneCleanupCount() {
        return db.tombstoneCleanups();
    }

    /** Exemplars stored since open ({@code prometheus_tsdb_exemplar_exemplars_appended_total}). */
    public long exemplarsAppendedTotal() {
        return db.exemplars().appendedTotal();
    }

    /** Exemplars in the ring ({@code prometheus_tsdb_exemplar_exemplars_in_storage}). */
    public long exemplarsInStorage() {
        return db.exemplars().exemplarsInStorage();
    }

    /** Series with exemplars in the ring ({@code prometheus_tsdb_exemplar_series_with_exemplars_in_storage}). */
    public long seriesWithExemplarsInStorage() {
        return db.exemplars().seriesWithExemplars();
    }

    /** The ring's capacity, 0 when exemplar storage is off ({@code prometheus_tsdb_exemplar_max_exemplars}). */
    public long maxExemplars() {
        return db.exemplars().capacity();
    }

    /** Exemplars rejected as out of order ({@code prometheus_tsdb_exemplar_out_of_order_exemplars_total}). */
    public long outOfOrderExemplarsTotal() {
        return db.exemplars().outOfOrderTotal();
    }

    /** The oldest stored exemplar's time in seconds ({@code prometheus_tsdb_exemplar_last_exemplars_timestamp_seconds}). */
    public double lastExemplarsTimestampSeconds() {
        return db.exemplars().oldestTimestampSeconds();
    }

    /** Every value above (except the cleanup summary's) keyed by its Prometheus metric name, in a stable order. */
    public Map<String, Double> snapshot() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("prometheus_tsdb_head_series", (double) headSeries());
        m.put("prometheus_tsdb_head_series_created_total", (double) headSeriesCreatedTotal());
        m.put("prometheus_tsdb_head_series_removed_total", (double) headSeriesRemovedTotal());
        m.put("prometheus_tsdb_head_samples_appended_total", (double) headSamplesAppendedTotal());
        m.put("prometheus_tsdb_out_of_order_samples_total", (double) outOfOrderSamplesTotal());
        m.put("prometheus_tsdb_out_of_bound_samples_total", (double) outOfBoundsSamplesTotal());
        m.put("prometheus_tsdb_head_chunks", (double) headChunks());
        m.put("prometheus_tsdb_head_min_time", (double) headMinTime());
        m.put("prometheus_tsdb_head_max_time", (double) headMaxTime());
        m.put("prometheus_tsdb_lowest_timestamp", (double) lowestTimestamp());
        m.put("prometheus_tsdb_compactions_total", (double) compactionsTotal());
        m.put("prometheus_tsdb_blocks_loaded", (double) blocksLoaded());
        m.put("prometheus_tsdb_storage_blocks_bytes", (double) storageBlocksBytes());
        m.put("prometheus_tsdb_wal_corruptions_total", (double) walCorruptionsTotal());
        m.put("prometheus_tsdb_retention_limit_bytes", (double) retentionLimitBytes());
        m.put("prometheus_tsdb_size_retentions_total", (double) sizeRetentionsTotal());
        m.put("prometheus_tsdb_time_retentions_total", (double) timeRetentionsTotal());
        m.put("prometheus_tsdb_tombstone_cleanup_seconds_sum", tombstoneCleanupSecondsSum());
        m.put("prometheus_tsdb_tombstone_cleanup_seconds_count", (double) tombstoneCleanupCount());
        m.put("prometheus_tsdb_exemplar_exemplars_appended_total", (double) exemplarsAppendedTotal());
        m.put("prometheus_tsdb_exemplar_exemplars_in_storage", (double) exemplarsInStorage());
        m.put("prometheus_tsdb_exemplar_series_with_exemplars_in_storage", (double) seriesWithExemplarsInStorage());
        m.put("prometheus_tsdb_exemplar_max_exemplars", (double) maxExemplars());
        m.put("prometheus_tsdb_exemplar_out_of_order_exemplars_total", (double) outOfOrderExemplarsTotal());
        m.put("prometheus_tsdb_exemplar_last_exemplars_timestamp_seconds", lastExemplarsTimestampSeconds());
        return m;
    }
}
