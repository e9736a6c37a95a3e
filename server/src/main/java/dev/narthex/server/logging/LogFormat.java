package dev.narthex.server.logging;

/** The two output formats of {@code --log.format}, as in Prometheus. */
public enum LogFormat {
    LOGFMT, JSON;

    /** Parses a flag value; null when it is not one of {@code logfmt} and {@code json}. */
    public static LogFormat parse(String s) {
        return switch (s) {
            case "logfmt" -> LOGFMT;
            case "json" -> JSON;
            default -> null;
        };
    }
}
