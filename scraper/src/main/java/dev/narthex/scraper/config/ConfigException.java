package dev.narthex.scraper.config;

/** An invalid scrape configuration: Prometheus's message and, when known, the 1-based YAML line. */
public final class ConfigException extends Exception {
    private final int line;
    private final String reason;

    public ConfigException(int line, String reason) {
        super(line > 0 ? "line " + line + ": " + reason : reason);
        this.line = line;
        this.reason = reason;
    }

    /** The 1-based line in the YAML file, or 0 when the configuration did not come from a parsed file. */
    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
