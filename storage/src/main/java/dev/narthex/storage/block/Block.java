package dev.narthex.storage.block;

import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.starttime.StartTimes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

/**
 * An open, immutable on-disk block: its meta, memory-mapped index, chunk file and tombstones. Opening
 * verifies meta, the index (all sections) and the structure of the chunk file, and fails with
 * {@link dev.narthex.storage.StorageException.Corruption} naming file and offset. Thread-safe; tombstones
 * are replaced atomically by {@link #delete}. Queriers opened before a delete keep the tombstones they saw.
 * Each querier holds a reference: the chunk file is closed when the block is closed and its last querier
 * too, so a compaction may drop a block while queries still read it. Mappings are freed by the garbage
 * collector; on Linux the directory may be deleted while they are alive.
 */
public final class Block implements AutoCloseable {
    private final Path dir;
    private final BlockMeta meta;
    private final IndexReader index;
    private final ChunkReader chunks;
    private final PostingsSelector selector;
    private volatile Tombstones tombstones;
    private final StartTimeFile startTimes;
    private int refs = 1;
    private boolean closed;

    private Block(Path dir, BlockMeta meta, IndexReader index, ChunkReader chunks, Tombstones tombstones,
                  StartTimeFile startTimes) {
        this.startTimes = startTimes;
        this.dir = dir;
        this.meta = meta;
        this.index = index;
        this.chunks = chunks;
        this.selector = new PostingsSelector(index);
        this.tombstones = tombstones;
    }

    public static Block open(Path dir, FrameCache cache) {
        Path metaFile = dir.resolve(BlockWriter.META);
        try {
            BlockMeta meta = BlockMeta.parse(metaFile, Files.readString(metaFile, StandardCharsets.UTF_8));
            if (!meta.ulid().equals(dir.getFileName().toString())) {
                throw FileFormat.corrupt(metaFile, 0, "ulid " + meta.ulid() + " does not match the directory name");
            }
            IndexReader index = new IndexReader(dir.resolve(BlockWriter.INDEX));
            if (index.numSeries() != meta.numSeries()) {
                throw FileFormat.corrupt(index.file(), 0, "index has " + index.numSeries() + " series, meta.json says " + meta.numSeries());
            }
            ChunkReader chunks = new ChunkReader(dir.resolve(BlockWriter.CHUNKS), cache);
            try {
                Tombstones t = Tombstones.read(dir.resolve(BlockWriter.TOMBSTONES), index.numSeries());
                StartTimeFile st = StartTimeFile.read(dir.resolve(StartTimeFile.NAME), index.numSeries());
                return new Block(dir, meta, index, chunks, t, st);
            } catch (RuntimeException e) {
                chunks.close();
                throw e;
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw FileFormat.corrupt(metaFile, 0, "meta.json is not valid UTF-8");
        } catch (NoSuchFileException e) {
            throw FileFormat.corrupt(Path.of(e.getFile()), 0, "file is missing");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open block " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    public BlockMeta meta() {
        return meta;
    }

    /** The start timestamps of series {@code id} of this block, or null when it has none. Do not modify. */
    StartTimes startTimes(int id) {
        return startTimes.of(id);
    }

    public Tombstones tombstones() {
        return tombstones;
    }

    IndexReader index() {
        return index;
    }

    ChunkReader chunks() {
        return chunks;
    }

    /** Whether the block holds samples in the inclusive range {@code [mint, maxt]}. */
    public boolean overlaps(long mint, long maxt) {
        return meta.minTime() <= maxt && mint < meta.maxTime();
    }

    /** Total bytes of the block's files. */
    public long sizeBytes() {
        return BlockDirs.sizeOf(dir);
    }

    /** A querier over {@code [mint, maxt]} (inclusive) clipped to the block's range. */
    public Querier querier(long mint, long maxt) {
        synchronized (this) {
            if (refs == 0) {
                throw new IllegalStateException(this + " is closed");
            }
            refs++;
        }
        return new BlockQuerier(this, tombstones, Math.max(mint, meta.minTime()), Math.min(maxt, meta.maxTime() - 1));
    }

    /**
     * The ids of the series selected by the matchers, from the postings alone (time range and tombstones
     * ignored). The result is the caller's to modify.
     */
    public MutableRoaringBitmap postings(List<Matcher> matchers) {
        return selector.select(matchers);
    }

    /** Marks the samples of matching series in {@code [mint, maxt]} deleted and persists the tombstones. */
    public synchronized void delete(List<Matcher> matchers, long mint, long maxt) {
        if (mint > maxt || !overlaps(mint, maxt)) {
            return;
        }
        MutableRoaringBitmap ids = postings(matchers);
        if (ids.isEmpty()) {
            return;
        }
        int[] refs = new int[ids.getCardinality()];
        IntIterator it = ids.getIntIterator();
        for (int i = 0; it.hasNext(); i++) {
            refs[i] = it.next();
        }
        Tombstones updated = tombstones.with(refs, mint, maxt);
        updated.write(dir);
        tombstones = updated;
    }

    /**
     * Loads every chunk frame into the frame cache (decompressed and verified as a query would), unless
     * the block was closed meanwhile. Returns the decompressed bytes loaded.
     */
    long warmFrames() {
        synchronized (this) {
            if (refs == 0) {
                return 0;
            }
            refs++;
        }
        try {
            for (int f = 0; f < chunks.frameCount(); f++) {
                chunks.frame(f);
            }
            return chunks.rawBytes();
        } finally {
            release();
        }
    }

    /** Decompressed bytes of the block's chunk frames. */
    long frameBytes() {
        return chunks.rawBytes();
    }

    /** Drops the store's reference; the files are released once no querier reads the block. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        release();
    }

    void release() {
        boolean last;
        synchronized (this) {
            last = --refs == 0;
        }
        if (last) {
            chunks.close();
        }
    }

    @Override
    public String toString() {
        return "block " + meta;
    }
}
