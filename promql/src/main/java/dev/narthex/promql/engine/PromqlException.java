package dev.narthex.promql.engine;

/** A query that could not be parsed or evaluated; the message is Prometheus's text for the same failure. */
public class PromqlException extends RuntimeException {
    private final ErrorType type;

    public PromqlException(ErrorType type, String message) {
        super(message);
        this.type = type;
    }

    public PromqlException(ErrorType type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
    }

    public ErrorType type() {
        return type;
    }
}
