package dev.narthex.scraper.config;

import java.util.List;

/** {@code file_sd_configs} entry: file patterns (globs in the last path element) and the re-read period. */
public record FileSdConfig(List<String> files, long refreshIntervalMs) {
    public static final long DEFAULT_REFRESH_MS = 300_000;

    public FileSdConfig {
        files = List.copyOf(files);
    }
}
