package dev.narthex.server.tool.backfill;

/** A failed import; nothing was added to the output directory. */
public final class BackfillException extends Exception {
    public BackfillException(String message) {
        super(message);
    }

    public BackfillException(String message, Throwable cause) {
        super(message, cause);
    }
}
