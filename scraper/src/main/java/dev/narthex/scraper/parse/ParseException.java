package dev.narthex.scraper.parse;

/**
 * A malformed exposition. {@link #reason()} is Prometheus's own error text for the same input;
 * {@link #line()} is the 1-based line where parsing stopped.
 */
public final class ParseException extends Exception {
    private final int line;
    private final String reason;

    public ParseException(int line, String reason) {
        super("line " + line + ": " + reason);
        this.line = line;
        this.reason = reason;
    }

    public int line() {
        return line;
    }

    /** The error text without the line number, as Prometheus words it. */
    public String reason() {
        return reason;
    }
}
