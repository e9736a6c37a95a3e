package dev.narthex.server.metrics;

import dev.narthex.storage.tsdb.TsdbMetrics;

/**
 * The database's {@code prometheus_tsdb_*} families, read from {@link TsdbMetrics} at each scrape.
 * Thread-safe as {@link TsdbMetrics} is.
 */
public final class TsdbCollector implements Collector {
    private static final String[] NO_LABELS = new String[0];

    private final TsdbMetrics m;

    public TsdbCollector(TsdbMetrics metrics) {
        this.m = metrics;
    }

    @Override
    public void collect(StringBuilder out) {
        gauge(out, "prometheus_tsdb_head_series", "Total number of series in the head block.", m::headSeries);
        counter(out, "prometheus_tsdb_head_series_created_total", "Total number of series created in the head",
                m::headSeriesCreatedTotal);
        counter(out, "prometheus_tsdb_head_series_removed_total", "Total number of series removed in the head",
                m::headSeriesRemovedTotal);
        counter(out, "prometheus_tsdb_head_samples_appended_total", "Total number of appended samples.",
                m::headSamplesAppendedTotal);
        counter(out, "prometheus_tsdb_out_of_order_samples_total",
                "Total number of out of order samples ingestion failed attempts due to out of order being disabled.",
                m::outOfOrderSamplesTotal);
        counter(out, "prometheus_tsdb_out_of_bound_samples_total",
                "Total number of out of bound samples ingestion failed attempts with out of order support disabled.",
                m::outOfBoundsSamplesTotal);
        gauge(out, "prometheus_tsdb_head_chunks", "Total number of chunks in the head block.", m::headChunks);
        gauge(out, "prometheus_tsdb_head_min_time", "Minimum time bound of the head block.", m::headMinTime);
        gauge(out, "prometheus_tsdb_head_max_time", "Maximum timestamp of the head block.", m::headMaxTime);
        gauge(out, "prometheus_tsdb_lowest_timestamp", "Lowest timestamp value stored in the database.",
                m::lowestTimestamp);
        counter(out, "prometheus_tsdb_compactions_total", "Total number of compactions that were executed for the partition.",
                m::compactionsTotal);
        gauge(out, "prometheus_tsdb_blocks_loaded", "Number of currently loaded data blocks", m::blocksLoaded);
        gauge(out, "prometheus_tsdb_storage_blocks_bytes",
                "The number of bytes that are currently used for local storage by all blocks.", m::storageBlocksBytes);
        counter(out, "prometheus_tsdb_wal_corruptions_total", "Total number of WAL corruptions.", m::walCorruptionsTotal);
        gauge(out, "prometheus_tsdb_retention_limit_bytes", "Max number of bytes to be retained in the tsdb blocks, configured 0 means disabled",
                m::retentionLimitBytes);
        counter(out, "prometheus_tsdb_size_retentions_total",
                "The number of times that blocks were deleted because the maximum number of bytes was exceeded.",
                m::sizeRetentionsTotal);
        counter(out, "prometheus_tsdb_time_retentions_total",
                "The number of times that blocks were deleted because the maximum time limit was exceeded.",
                m::timeRetentionsTotal);
        String cleanup = "prometheus_tsdb_tombstone_cleanup_seconds";
        TextFormat.header(out, cleanup, "The time taken to recompact blocks to remove tombstones.", "summary");
        sample(out, cleanup + "_sum", m.tombstoneCleanupSecondsSum());
        sample(out, cleanup + "_count", m.tombstoneCleanupCount());
        counter(out, "prometheus_tsdb_exemplar_exemplars_appended_total", "Total number of appended exemplars.",
                m::exemplarsAppendedTotal);
        gauge(out, "prometheus_tsdb_exemplar_exemplars_in_storage", "Number of exemplars currently in circular storage.",
                m::exemplarsInStorage);
        gauge(out, "prometheus_tsdb_exemplar_series_with_exemplars_in_storage",
                "Number of series with exemplars currently in circular storage.", m::seriesWithExemplarsInStorage);
        gauge(out, "prometheus_tsdb_exemplar_max_exemplars",
                "Total number of exemplars the exemplar storage can store, resizeable.", m::maxExemplars);
        counter(out, "prometheus_tsdb_exemplar_out_of_order_exemplars_total",
                "Total number of out of order exemplar ingestion failed attempts.", m::outOfOrderExemplarsTotal);
        String last = "prometheus_tsdb_exemplar_last_exemplars_timestamp_seconds";
        // Prometheus's help text, including its missing spaces.
        TextFormat.header(out, last, "The timestamp of the oldest exemplar stored in circular storage. Useful to check for what time"
                + "range the current exemplar buffer limit allows. This usually means the last timestamp"
                + "for all exemplars for a typical setup. This is not true though if one of the series timestamp is in future compared to rest series.",
                "gauge");
        sample(out, last, m.lastExemplarsTimestampSeconds());
    }

    private static void gauge(StringBuilder out, String name, String help, LongValue v) {
        TextFormat.header(out, name, help, "gauge");
        sample(out, name, v.get());
    }

    private static void counter(StringBuilder out, String name, String help, LongValue v) {
        TextFormat.header(out, name, help, "counter");
        sample(out, name, v.get());
    }

    private static void sample(StringBuilder out, String name, double value) {
        TextFormat.sample(out, name, NO_LABELS, NO_LABELS, null, null, value);
    }

    /** A long-valued metric read (the accessors of {@link TsdbMetrics}). */
    @FunctionalInterface
    private interface LongValue {
        long get();
    }
}
