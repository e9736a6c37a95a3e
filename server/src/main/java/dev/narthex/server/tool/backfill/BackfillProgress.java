package dev.narthex.server.tool.backfill;

/** Receives progress while the input is read; called from the importing thread. */
@FunctionalInterface
public interface BackfillProgress {
    BackfillProgress NONE = (bytesRead, totalBytes, samples) -> { };

    void update(long bytesRead, long totalBytes, long samples);
}
