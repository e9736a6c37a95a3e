package dev.narthex.server;

/** What the {@code /-/} endpoints ask of the running server. Thread-safe. */
public interface Lifecycle {
    /** Whether storage is open and the server answers queries. */
    boolean ready();

    /** Reloads the configuration; returns null on success, else why it failed (the old config stays). */
    String reload();

    /** Asks the server to stop; false when a stop was already requested. */
    boolean requestQuit();
}
