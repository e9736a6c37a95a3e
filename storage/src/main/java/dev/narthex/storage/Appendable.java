package dev.narthex.storage;

/** A sink of samples. Thread-safe: every caller opens its own {@link Appender}. */
public interface Appendable {
    Appender appender();
}
