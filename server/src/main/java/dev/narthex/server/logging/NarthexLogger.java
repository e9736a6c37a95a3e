package dev.narthex.server.logging;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * A logger writing one line per record in the format and at the level of {@link LogSettings}. Key-value
 * pairs from SLF4J's fluent API become fields of the line. Thread-safe; a whole line is written at once.
 */
final class NarthexLogger extends LegacyAbstractLogger implements LoggingEventAware {
    private final String source;

    NarthexLogger(String name) {
        this.name = name;
        int dot = name.lastIndexOf('.');
        this.source = dot < 0 ? name : name.substring(dot + 1);
    }

    @Override
    public boolean isTraceEnabled() {
        return LogSettings.enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return LogSettings.enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return LogSettings.enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return LogSettings.enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return LogSettings.enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
                                               Throwable throwable) {
        write(level, MessageFormatter.basicArrayFormat(messagePattern, arguments), null, throwable);
    }

    @Override
    public void log(LoggingEvent event) {
        if (!LogSettings.enabled(event.getLevel())) {
            return;
        }
        Object[] args = event.getArgumentArray();
        String msg = args == null ? event.getMessage() : MessageFormatter.basicArrayFormat(event.getMessage(), args);
        write(event.getLevel(), msg, event.getKeyValuePairs(), event.getThrowable());
    }

    private void write(Level level, String msg, List<KeyValuePair> kvs, Throwable t) {
        String line = LogLineWriter.render(LogSettings.format(), Instant.now(), level, source, msg, kvs, t);
        PrintStream out = LogSettings.out();
        out.println(line);
        if (t != null && LogSettings.enabled(Level.DEBUG)) {
            t.printStackTrace(out);
        }
    }
}
