package dev.narthex.server.logging;

import java.io.PrintStream;
import org.slf4j.event.Level;

/**
 * Process-wide logging settings read by every {@link NarthexLogger} on each call, so that the flags can
 * be applied after loggers were created. Thread-safe (volatile fields).
 */
public final class LogSettings {
    private static volatile Level level = Level.INFO;
    private static volatile LogFormat format = LogFormat.LOGFMT;
    private static volatile PrintStream out = System.err;

    private LogSettings() {
    }

    /**
     * Parses a {@code --log.level} value (debug, info, warn, error) as Prometheus does; null when invalid.
     */
    public static Level parseLevel(String s) {
        return switch (s) {
            case "debug" -> Level.DEBUG;
            case "info" -> Level.INFO;
            case "warn" -> Level.WARN;
            case "error" -> Level.ERROR;
            default -> null;
        };
    }

    public static void configure(Level newLevel, LogFormat newFormat) {
        level = newLevel;
        format = newFormat;
    }

    /** Redirects output (tests); the default is standard error, as Prometheus logs. */
    public static void output(PrintStream stream) {
        out = stream;
    }

    static boolean enabled(Level l) {
        return l.toInt() >= level.toInt();
    }

    static LogFormat format() {
        return format;
    }

    static PrintStream out() {
        return out;
    }
}
