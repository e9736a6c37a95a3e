package dev.narthex.storage.tsdb;

import dev.narthex.storage.Appendable;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Querier;
import dev.narthex.storage.Queryable;
import dev.narthex.storage.StorageException;
import dev.narthex.storage.head.Head;
import dev.narthex.storage.wal.Wal;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The storage a server or an embedding application opens: today the head with its WAL; the immutable
 * blocks of older data join it later. Thread-safe: appenders and queriers may be opened from any
 * thread. A directory is held by one open Tsdb at a time (a {@code lock} file, released by the OS
 * when the process dies).
 *
 * <p>Layout: {@code <dir>/lock}, {@code <dir>/wal/} (segments and checkpoint).
 */
public final class Tsdb implements Queryable, Appendable, AutoCloseable {
    private final Path dir;
    private final TsdbOptions options;
    private final Head head;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private boolean closed;

    private Tsdb(Path dir, TsdbOptions options, Head head, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.options = options;
        this.head = head;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens (creating when missing) the database in {@code dir}, replaying its WAL into the head. */
    public static Tsdb open(Path dir, TsdbOptions options) {
        FileChannel ch = null;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                throw new StorageException("lock DB directory: " + dir + " is in use by another process");
            }
            Path walDir = dir.resolve("wal");
            Head head = new Head(options.blockRangeMillis(), handler -> Wal.open(walDir, options.walOptions(), handler));
            return new Tsdb(dir, options, head, ch, lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException("opening TSDB " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A database without a directory or WAL, for tests and embedding; its data is lost on close. */
    public static Tsdb inMemory() {
        return inMemory(TsdbOptions.defaults());
    }

    public static Tsdb inMemory(TsdbOptions options) {
        return new Tsdb(null, options, new Head(options.blockRangeMillis()), null, null);
    }

    /** The directory, or null for an in-memory database. */
    public Path directory() {
        return dir;
    }

    public TsdbOptions options() {
        return options;
    }

    /** The head, for its statistics and for the block writer. */
    public Head head() {
        return head;
    }

    @Override
    public Appender appender() {
        return head.appender();
    }

    @Override
    public Querier querier(long mint, long maxt) {
        return head.querier(mint, maxt);
    }

    /** Drops head data older than {@code mint} and checkpoints the WAL (see {@link Head#truncate}). */
    public void truncateHead(long mint) {
        head.truncate(mint);
    }

    /** Flushes and closes the WAL and releases the directory. Committed data survives; open appenders are lost. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (head.wal() != null) {
                head.wal().close();
            }
        } finally {
            try {
                if (lock != null) {
                    lock.release();
                }
            } catch (IOException e) {
                throw new StorageException("releasing DB lock: " + e.getMessage(), e);
            } finally {
                closeQuietly(lockChannel);
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing useful to do while already failing or closing
            }
        }
    }
}
