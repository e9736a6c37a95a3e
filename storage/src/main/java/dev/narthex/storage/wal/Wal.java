package dev.narthex.storage.wal;

import dev.narthex.storage.Labels;
import dev.narthex.storage.StorageException;
import dev.narthex.storage.encoding.ByteOutput;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead log: a directory of numbered segment files ({@code 00000000}, {@code 00000001}, ...)
 * holding framed records ({@link WalRecords}), plus at most one {@code checkpoint.NNNNNNNN} directory
 * that replaces every segment up to NNNNNNNN.
 *
 * <p>{@link #open} replays the checkpoint and the segments after it into a {@link WalHandler}, cuts a
 * torn or corrupt tail at the last good record (with a warning; later segments are deleted), and
 * starts a new segment for writing. {@link #log} writes whole batches of records; a record never spans
 * two segments. Thread-safe: writes, segment cuts and syncs are serialized by one lock, except the
 * fsync itself, which runs outside it.
 */
public final class Wal implements AutoCloseable {
    private int corruptionsRepaired;
    private static final Logger LOG = LoggerFactory.getLogger(Wal.class);
    private static final String CHECKPOINT_PREFIX = "checkpoint.";

    private final Path dir;
    private final WalOptions options;
    private final ReentrantLock lock = new ReentrantLock();
    private final Object checkpointLock = new Object();
    private final ScheduledExecutorService syncer;
    /** RandomAccessFile, not FileChannel: an interrupted writer thread must not close the log for all. */
    private RandomAccessFile file;
    private int segment;
    private long segmentBytes;
    private volatile boolean dirty;
    private boolean closed;

    private Wal(Path dir, WalOptions options, int firstSegment) throws IOException {
        this.dir = dir;
        this.options = options;
        openSegment(firstSegment);
        if (options.fsyncPolicy() == FsyncPolicy.BATCH) {
            syncer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "narthex-wal-fsync");
                t.setDaemon(true);
                return t;
            });
            long every = options.fsyncIntervalMillis();
            syncer.scheduleWithFixedDelay(this::backgroundSync, every, every, TimeUnit.MILLISECONDS);
        } else {
            syncer = null;
        }
    }

    /** Replays the WAL in {@code dir} (created when missing) into {@code replay} and opens it for writing. */
    public static Wal open(Path dir, WalOptions options, WalHandler replay) {
        try {
            Files.createDirectories(dir);
            int checkpoint = latestCheckpoint(dir);
            SegmentReader reader = new SegmentReader();
            if (checkpoint >= 0) {
                Path cp = dir.resolve(checkpointName(checkpoint));
                for (int s : segments(cp)) {
                    Path file = cp.resolve(segmentName(s));
                    SegmentReader.Result r = reader.read(file, replay);
                    if (!r.clean()) {
                        throw new StorageException.Corruption("WAL checkpoint " + file + " corrupt at offset "
                                + r.goodBytes() + ": " + r.error());
                    }
                }
            }
            int last = checkpoint;
            int corruptions = 0;
            List<Integer> segs = segments(dir);
            for (int i = 0; i < segs.size(); i++) {
                int s = segs.get(i);
                Path file = dir.resolve(segmentName(s));
                if (s <= checkpoint) {
                    Files.delete(file); // left over from a crash between checkpoint and cleanup
                    continue;
                }
                SegmentReader.Result r = reader.read(file, replay);
                last = s;
                if (!r.clean()) {
                    corruptions++;
                    LOG.warn("WAL segment {} is corrupt at offset {} ({}); cutting it there and dropping {} later segment(s)",
                            file, r.goodBytes(), r.error(), segs.size() - i - 1);
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        ch.truncate(r.goodBytes());
                        ch.force(true);
                    }
                    for (int j = i + 1; j < segs.size(); j++) {
                        Files.delete(dir.resolve(segmentName(segs.get(j))));
                    }
                    break;
                }
            }
            Wal wal = new Wal(dir, options, last + 1);
            wal.corruptionsRepaired = corruptions;
            return wal;
        } catch (IOException e) {
            throw new StorageException("opening WAL " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Corrupt segments cut back while opening (Prometheus's prometheus_tsdb_wal_corruptions_total). */
    public int corruptionsRepaired() {
        return corruptionsRepaired;
    }

    public Path directory() {
        return dir;
    }

    public WalOptions options() {
        return options;
    }

    /** The segment being written. */
    public int currentSegment() {
        lock.lock();
        try {
            return segment;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes the framed records in {@code records} to the operating system (not necessarily to disk),
     * starting a new segment first when they would not fit in the current one.
     */
    public void log(ByteOutput records) {
        if (records.size() == 0) {
            return;
        }
        lock.lock();
        try {
            ensureOpen();
            if (segmentBytes > 0 && segmentBytes + records.size() > options.segmentSize()) {
                rotate();
            }
            file.write(records.array(), 0, records.size());
            segmentBytes += records.size();
            dirty = true;
        } catch (IOException e) {
            throw new StorageException("writing WAL segment " + segmentName(segment) + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Called after a commit's records were logged: forces them to disk under {@link FsyncPolicy#ALWAYS}. */
    public void commitDurable() {
        if (options.fsyncPolicy() == FsyncPolicy.ALWAYS) {
            sync();
        }
    }

    /** Forces everything logged so far to disk. */
    public void sync() {
        RandomAccessFile f;
        lock.lock();
        try {
            if (closed || !dirty) {
                return;
            }
            dirty = false;
            f = file;
        } finally {
            lock.unlock();
        }
        try {
            f.getFD().sync(); // outside the lock, so commits go on writing while the disk catches up
        } catch (IOException e) {
            lock.lock();
            try {
                if (f != file) {
                    return; // a segment cut synced and closed this file in the meantime
                }
                dirty = true;
            } finally {
                lock.unlock();
            }
            throw new StorageException("syncing WAL: " + e.getMessage(), e);
        }
    }

    private void backgroundSync() {
        try {
            sync();
        } catch (RuntimeException e) {
            LOG.error("periodic WAL fsync failed", e);
        }
    }

    /** Closes the current segment and starts the next; returns the number of the closed one. */
    public int cutSegment() {
        lock.lock();
        try {
            ensureOpen();
            int closedSegment = segment;
            rotate();
            return closedSegment;
        } catch (IOException e) {
            throw new StorageException("cutting WAL segment: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces segments up to {@code through} (and any older checkpoint) by a checkpoint holding only
     * the series for which {@code live} holds, their samples at or after {@code mint} and their
     * tombstones reaching {@code mint}. Segments after {@code through} are untouched, so records
     * written concurrently are never lost. The checkpoint becomes visible by an atomic rename.
     */
    public void checkpoint(int through, long mint, LongPredicate live) {
        synchronized (checkpointLock) {
            try {
                writeCheckpoint(through, mint, live);
            } catch (IOException e) {
                throw new StorageException("checkpointing WAL " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private void writeCheckpoint(int through, long mint, LongPredicate live) throws IOException {
        int previous = latestCheckpoint(dir);
        if (through <= previous) {
            return;
        }
        Path tmp = dir.resolve(checkpointName(through) + ".tmp");
        deleteRecursively(tmp);
        Files.createDirectories(tmp);
        Path target = tmp.resolve(segmentName(0));
        int series = 0;
        long samples = 0;
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            CheckpointFilter filter = new CheckpointFilter(out, mint, live);
            SegmentReader reader = new SegmentReader();
            List<Path> sources = new ArrayList<>();
            if (previous >= 0) {
                Path cp = dir.resolve(checkpointName(previous));
                for (int s : segments(cp)) {
                    sources.add(cp.resolve(segmentName(s)));
                }
            }
            for (int s : segments(dir)) {
                if (s > previous && s <= through) {
                    sources.add(dir.resolve(segmentName(s)));
                }
            }
            for (Path source : sources) {
                SegmentReader.Result r = reader.read(source, filter);
                if (!r.clean()) {
                    throw new StorageException.Corruption("WAL " + source + " corrupt at offset " + r.goodBytes() + ": " + r.error());
                }
            }
            filter.finish();
            if (durable()) {
                out.force(true);
            }
            series = filter.series;
            samples = filter.samples;
        }
        Path done = dir.resolve(checkpointName(through));
        Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE);
        if (durable()) {
            syncDirectory(dir);
        }
        for (int s : segments(dir)) {
            if (s <= through) {
                Files.delete(dir.resolve(segmentName(s)));
            }
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(CHECKPOINT_PREFIX) && !p.equals(done)) {
                    deleteRecursively(p);
                }
            }
        }
        LOG.info("WAL checkpoint {} written: {} series, {} samples", done.getFileName(), series, samples);
    }

    /** Re-encodes the records a checkpoint keeps into its segment file. */
    private static final class CheckpointFilter implements WalHandler {
        private final FileChannel out;
        private final long mint;
        private final LongPredicate live;
        private final WalRecords records = new WalRecords(new ByteOutput(1 << 20));
        private int type;
        int series;
        long samples;

        CheckpointFilter(FileChannel out, long mint, LongPredicate live) {
            this.out = out;
            this.mint = mint;
            this.live = live;
        }

        @Override
        public void series(long ref, Labels labels) {
            if (live.test(ref)) {
                switchTo(WalRecords.SERIES);
                records.series(ref, labels);
                series++;
            }
        }

        @Override
        public void sample(long ref, long t, long valueBits) {
            if (t >= mint && live.test(ref)) {
                switchTo(WalRecords.SAMPLES);
                records.sample(ref, t, valueBits);
                samples++;
            }
        }

        /** Exemplars are kept as Prometheus's checkpoint keeps them: from {@code mint} on, of live series. */
        @Override
        public void exemplar(long ref, long t, long valueBits, Labels labels) {
            if (t >= mint && live.test(ref)) {
                switchTo(WalRecords.EXEMPLARS);
                records.exemplar(ref, t, valueBits, labels);
            }
        }

        @Override
        public void startTime(long ref, long t, long startTime) {
            if (t >= mint && live.test(ref)) {
                switchTo(WalRecords.START_TIMES);
                records.startTime(ref, t, startTime);
            }
        }

        @Override
        public void tombstone(long ref, long tmin, long tmax) {
            if (tmax >= mint && live.test(ref)) {
                switchTo(WalRecords.TOMBSTONES);
                records.tombstone(ref, tmin, tmax);
            }
        }

        private void switchTo(int next) {
            if (records.inRecord() && (type != next || records.buffer().size() >= (1 << 20))) {
                records.endRecord();
                if (records.buffer().size() >= (1 << 20)) {
                    flush();
                }
            }
            if (!records.inRecord()) {
                records.beginRecord(next);
                type = next;
            }
        }

        void finish() {
            if (records.inRecord()) {
                records.endRecord();
            }
            flush();
        }

        private void flush() {
            ByteOutput buf = records.buffer();
            ByteBuffer bb = ByteBuffer.wrap(buf.array(), 0, buf.size());
            try {
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            buf.reset();
        }
    }

    @Override
    public void close() {
        if (syncer != null) {
            syncer.shutdown();
            try {
                syncer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (durable()) {
                file.getFD().sync();
            }
            file.close();
        } catch (IOException e) {
            throw new StorageException("closing WAL: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StorageException("WAL is closed");
        }
    }

    private void rotate() throws IOException {
        if (durable()) {
            file.getFD().sync();
        }
        file.close();
        openSegment(segment + 1);
    }

    private void openSegment(int n) throws IOException {
        RandomAccessFile f = new RandomAccessFile(dir.resolve(segmentName(n)).toFile(), "rw");
        f.setLength(0);
        file = f;
        segment = n;
        segmentBytes = 0;
        if (durable()) {
            syncDirectory(dir); // the new file's directory entry must survive power loss too
        }
    }

    /** Whether this WAL fsyncs at all: closed segments, checkpoints and directory entries. */
    private boolean durable() {
        return options.fsyncPolicy() != FsyncPolicy.NONE;
    }

    public static String segmentName(int n) {
        return String.format("%08d", n);
    }

    static String checkpointName(int n) {
        return CHECKPOINT_PREFIX + segmentName(n);
    }

    /** Sorted numbers of the segment files in {@code d}. */
    static List<Integer> segments(Path d) throws IOException {
        List<Integer> out = new ArrayList<>();
        try (Stream<Path> entries = Files.list(d)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (name.length() == 8 && name.chars().allMatch(Character::isDigit) && Files.isRegularFile(p)) {
                    out.add(Integer.parseInt(name));
                }
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** The number of the newest complete checkpoint, or -1; half-written ones are deleted. */
    static int latestCheckpoint(Path d) throws IOException {
        int best = -1;
        List<Path> partial = new ArrayList<>();
        try (Stream<Path> entries = Files.list(d)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (!name.startsWith(CHECKPOINT_PREFIX)) {
                    continue;
                }
                String num = name.substring(CHECKPOINT_PREFIX.length());
                if (num.length() == 8 && num.chars().allMatch(Character::isDigit)) {
                    best = Math.max(best, Integer.parseInt(num));
                } else {
                    partial.add(p);
                }
            }
        }
        for (Path p : partial) {
            deleteRecursively(p);
        }
        return best;
    }

    private static void syncDirectory(Path d) throws IOException {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
