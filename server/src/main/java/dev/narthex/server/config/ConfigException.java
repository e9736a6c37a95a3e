package dev.narthex.server.config;

/** A configuration file that cannot be loaded; the message follows Prometheus's wording. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
