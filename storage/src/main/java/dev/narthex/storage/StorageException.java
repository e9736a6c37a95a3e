package dev.narthex.storage;

/** Storage errors, with Prometheus's error texts so API clients see the same messages. */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A sample older than the newest one already in its series. */
    public static final class OutOfOrder extends StorageException {
        public OutOfOrder() {
            super("out of order sample");
        }
    }

    /** A sample at an existing timestamp with a different value. */
    public static final class DuplicateTimestamp extends StorageException {
        public DuplicateTimestamp() {
            super("duplicate sample for timestamp");
        }
    }

    /** A sample older than what the head still accepts. */
    public static final class OutOfBounds extends StorageException {
        public OutOfBounds() {
            super("out of bounds");
        }
    }

    /** A label set Prometheus would reject (empty or invalid name, invalid UTF-8, duplicate names). */
    public static final class InvalidLabels extends StorageException {
        public InvalidLabels(String message) {
            super(message);
        }
    }

    /** A file whose checksum or structure is wrong; the message names the file and offset. */
    public static final class Corruption extends StorageException {
        public Corruption(String message) {
            super(message);
        }
    }

    /** An exemplar older than the newest one stored for its series (or equal in time but ordered before it). */
    public static final class OutOfOrderExemplar extends StorageException {
        public OutOfOrderExemplar() {
            super("out of order exemplar");
        }
    }

    /** An exemplar whose label names and values together are longer than Prometheus allows. */
    public static final class ExemplarLabelLength extends StorageException {
        public ExemplarLabelLength() {
            super("label length for exemplar exceeds maximum of 128 UTF-8 characters");
        }
    }
}
