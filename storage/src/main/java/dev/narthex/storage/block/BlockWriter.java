package dev.narthex.storage.block;

import com.github.luben.zstd.Zstd;
import dev.narthex.storage.Labels;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.encoding.ByteOutput;
import dev.narthex.storage.encoding.TimestampCodec;
import dev.narthex.storage.encoding.ValueCodec;
import dev.narthex.storage.starttime.StartTimes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

/**
 * Writes one immutable block covering {@code [minTime, maxTime)}. Series must be added in strictly
 * increasing label order, each with strictly increasing timestamps inside the block's range. Chunk data
 * streams to disk as frames fill; labels, piece references and postings stay in memory until
 * {@link #commit()} writes the index and meta and renames the temporary directory into place. A writer
 * that is closed without commit, or fails, removes its temporary directory: a half-written block is never
 * visible. Each distinct encoded timestamp column is stored once per block; pieces with an equal column
 * refer to it (see {@link TimestampColumns}). Not thread-safe.
 */
public final class BlockWriter implements AutoCloseable {
    public static final String META = "meta.json";
    public static final String INDEX = "index";
    public static final String CHUNKS = "chunks";
    public static final String TOMBSTONES = "tombstones";
    /** Suffix of a directory still being written; such directories are deleted on start. */
    public static final String TMP_SUFFIX = ".tmp-for-creation";
    /** Most samples one column piece holds, so narrow queries on long series decode little. */
    public static final int MAX_PIECE_SAMPLES = 4096;
    /** Raw bytes after which a zstd frame is cut. */
    static final int FRAME_TARGET_BYTES = 128 * 1024;
    /** Longs per piece: frame, offset in frame, shared timestamp column + 1 (0: inline), inline ts bytes, value bytes, count, minT, maxT. */
    static final int PIECE_FIELDS = 8;
    /** Most encoded timestamp bytes kept in memory to recognise repeated columns; beyond it new columns are stored inline only. */
    static final long MAX_REMEMBERED_TS_BYTES = 64L << 20;
    private static final int ZSTD_LEVEL = 3;

    private final Path dataDir;
    private final Path tmpDir;
    private final String ulid;
    private final long minTime;
    private final long maxTime;
    private final FileChannel chunks;
    private final ByteOutput frame = new ByteOutput(FRAME_TARGET_BYTES + 64 * 1024);
    private byte[] compressed = new byte[0];
    private long chunksPos = FileFormat.HEADER_SIZE;
    private final List<long[]> frameTable = new ArrayList<>(); // offset, compressed length, raw length, crc
    private final TimestampColumns timestampColumns = new TimestampColumns(MAX_REMEMBERED_TS_BYTES);

    private final List<Labels> series = new ArrayList<>();
    private int[] seriesFirstPiece = new int[64];
    private long[] pieces = new long[64 * PIECE_FIELDS];
    private int pieceCount;
    private long numSamples;
    private final Map<String, Map<String, MutableRoaringBitmap>> postings = new HashMap<>();
    private final StartTimeFile.Builder startTimes = new StartTimeFile.Builder();

    private int level = 1;
    private List<String> sources;
    private List<BlockMeta.Parent> parents = List.of();
    private boolean done;

    private BlockWriter(Path dataDir, String ulid, long minTime, long maxTime) throws IOException {
        this.dataDir = dataDir;
        this.ulid = ulid;
        this.minTime = minTime;
        this.maxTime = maxTime;
        this.sources = List.of(ulid);
        this.tmpDir = dataDir.resolve(ulid + TMP_SUFFIX);
        Files.createDirectories(tmpDir);
        this.chunks = FileChannel.open(tmpDir.resolve(CHUNKS), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ByteBuffer header = FileFormat.le(FileFormat.HEADER_SIZE);
        FileFormat.writeHeader(header, FileFormat.CHUNKS_MAGIC);
        FileFormat.writeFully(chunks, header.flip());
    }

    /** Starts a new level-1 block under {@code dataDir} for samples in {@code [minTime, maxTime)}. */
    public static BlockWriter open(Path dataDir, long minTime, long maxTime) {
        if (minTime >= maxTime) {
            throw new IllegalArgumentException("block range [" + minTime + ", " + maxTime + ") is empty");
        }
        try {
            return new BlockWriter(dataDir, Ulid.next(), minTime, maxTime);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create block directory in " + dataDir, e);
        }
    }

    public String ulid() {
        return ulid;
    }

    /** Records the block's compaction lineage; call before {@link #commit()}. */
    public BlockWriter compaction(int level, List<String> sources, List<BlockMeta.Parent> parents) {
        this.level = level;
        this.sources = List.copyOf(sources);
        this.parents = List.copyOf(parents);
        return this;
    }

    /** Adds one series; the start timestamps its samples carry go to the block's {@code starttimes} file. */
    public void add(Labels labels, SampleBuffer samples) {
        int before = series.size();
        add(labels, samples.timestamps(), samples.values(), 0, samples.size());
        StartTimes st = StartTimes.of(samples, 0, samples.size());
        if (st != null && series.size() > before) {
            startTimes.add(before, st);
        }
    }

    /** Adds one series with the samples {@code [from, to)} of the arrays; a series without samples is left out. */
    public void add(Labels labels, long[] ts, double[] vs, int from, int to) {
        if (done) {
            throw new IllegalStateException("block writer already committed or closed");
        }
        if (!series.isEmpty() && series.get(series.size() - 1).compareTo(labels) >= 0) {
            fail(new IllegalArgumentException("series out of order: " + labels + " after " + series.get(series.size() - 1)));
        }
        if (labels.isEmpty()) {
            fail(new IllegalArgumentException("series with an empty label set"));
        }
        for (int i = from; i < to; i++) {
            if (ts[i] < minTime || ts[i] >= maxTime || (i > from && ts[i] <= ts[i - 1])) {
                fail(new IllegalArgumentException("sample at " + ts[i] + " of " + labels
                    + " is out of order or outside the block range [" + minTime + ", " + maxTime + ")"));
            }
        }
        if (from == to) {
            return;
        }
        int id = series.size();
        series.add(labels);
        if (id + 1 >= seriesFirstPiece.length) {
            seriesFirstPiece = Arrays.copyOf(seriesFirstPiece, seriesFirstPiece.length * 2);
        }
        seriesFirstPiece[id] = pieceCount;
        try {
            for (int start = from; start < to; start += MAX_PIECE_SAMPLES) {
                writePiece(ts, vs, start, Math.min(to, start + MAX_PIECE_SAMPLES));
            }
        } catch (IOException e) {
            fail(new UncheckedIOException("cannot write chunks of block " + ulid, e));
        }
        seriesFirstPiece[id + 1] = pieceCount;
        numSamples += to - from;
        for (int i = 0; i < labels.size(); i++) {
            postings.computeIfAbsent(labels.name(i), k -> new HashMap<>())
                .computeIfAbsent(labels.value(i), k -> new MutableRoaringBitmap()).add(id);
        }
    }

    private void writePiece(long[] ts, double[] vs, int from, int to) throws IOException {
        int off = frame.size();
        TimestampCodec.encode(ts, from, to, frame);
        int tsLen = frame.size() - off;
        // Series of one scrape target share their timestamps; equal columns encode to equal bytes.
        int shared = timestampColumns.find(frame.array(), off, tsLen, frameTable.size());
        if (shared >= 0) {
            frame.truncate(off);
            tsLen = 0;
        }
        ValueCodec.encode(vs, from, to, frame);
        int valLen = frame.size() - off - tsLen;
        if ((pieceCount + 1) * PIECE_FIELDS > pieces.length) {
            pieces = Arrays.copyOf(pieces, pieces.length * 2);
        }
        int p = pieceCount++ * PIECE_FIELDS;
        pieces[p] = frameTable.size();
        pieces[p + 1] = off;
        pieces[p + 2] = shared + 1;
        pieces[p + 3] = tsLen;
        pieces[p + 4] = valLen;
        pieces[p + 5] = to - from;
        pieces[p + 6] = ts[from];
        pieces[p + 7] = ts[to - 1];
        if (frame.size() >= FRAME_TARGET_BYTES) {
            flushFrame();
        }
    }

    private void flushFrame() throws IOException {
        if (frame.size() == 0) {
            return;
        }
        int bound = (int) Zstd.compressBound(frame.size());
        if (compressed.length < bound) {
            compressed = new byte[bound];
        }
        int len = (int) Zstd.compressByteArray(compressed, 0, bound, frame.array(), 0, frame.size(), ZSTD_LEVEL);
        int crc = FileFormat.crc32c(compressed, 0, len);
        frameTable.add(new long[] {chunksPos, len, frame.size(), crc});
        FileFormat.writeFully(chunks, ByteBuffer.wrap(compressed, 0, len));
        chunksPos += len;
        frame.reset();
    }

    /** Writes index, tombstones and meta, makes them durable and renames the block into place. */
    public BlockMeta commit() {
        if (done) {
            throw new IllegalStateException("block writer already committed or closed");
        }
        try {
            flushFrame();
            finishChunks();
            writeFile(tmpDir.resolve(INDEX), IndexWriter.write(minTime, series, seriesFirstPiece, pieces, sortedPostings()));
            writeFile(tmpDir.resolve(TOMBSTONES), Tombstones.EMPTY.serialize());
            if (!startTimes.isEmpty()) {
                byte[] st = startTimes.toBytes();
                writeFile(tmpDir.resolve(StartTimeFile.NAME), st, st.length);
            }
            BlockMeta meta = new BlockMeta(ulid, minTime, maxTime, series.size(), numSamples, pieceCount, level, sources, parents);
            byte[] json = meta.toJson().getBytes(StandardCharsets.UTF_8);
            writeFile(tmpDir.resolve(META), json, json.length);
            FileFormat.fsyncDir(tmpDir);
            Files.move(tmpDir, dataDir.resolve(ulid), StandardCopyOption.ATOMIC_MOVE);
            FileFormat.fsyncDir(dataDir);
            done = true;
            return meta;
        } catch (IOException e) {
            throw fail(new UncheckedIOException("cannot write block " + ulid, e));
        } catch (RuntimeException e) {
            throw fail(e);
        }
    }

    private TreeMap<String, TreeMap<String, MutableRoaringBitmap>> sortedPostings() {
        TreeMap<String, TreeMap<String, MutableRoaringBitmap>> sorted = new TreeMap<>();
        postings.forEach((name, values) -> sorted.put(name, new TreeMap<>(values)));
        return sorted;
    }

    private void finishChunks() throws IOException {
        int shared = timestampColumns.sharedCount();
        ByteBuffer table = FileFormat.le(frameTable.size() * ChunkReader.FRAME_ENTRY + shared * ChunkReader.SHARED_ENTRY
            + 4 + ChunkReader.FOOTER_SIZE);
        for (long[] f : frameTable) {
            table.putLong(f[0]).putInt((int) f[1]).putInt((int) f[2]).putInt((int) f[3]);
        }
        for (int i = 0; i < shared; i++) {
            table.putInt(timestampColumns.frame(i)).putInt(timestampColumns.offset(i)).putInt(timestampColumns.length(i));
        }
        int tableLen = table.position();
        table.putInt(FileFormat.crc32c(table.array(), 0, tableLen));
        int footer = table.position();
        table.putLong(chunksPos).putInt(frameTable.size()).putInt(shared).putInt(tableLen);
        table.putInt(FileFormat.crc32c(table.array(), footer, 20)).putInt(FileFormat.END_MAGIC);
        FileFormat.writeFully(chunks, table.flip());
        chunks.force(true);
        chunks.close();
    }

    private static void writeFile(Path file, ByteOutput out) throws IOException {
        writeFile(file, out.array(), out.size());
    }

    static void writeFile(Path file, byte[] bytes, int len) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            FileFormat.writeFully(ch, ByteBuffer.wrap(bytes, 0, len));
            ch.force(true);
        }
    }

    private RuntimeException fail(RuntimeException e) {
        abort();
        throw e;
    }

    private void abort() {
        done = true;
        try {
            chunks.close();
        } catch (IOException ignored) {
            // The directory is deleted next; nothing else to release.
        }
        BlockDirs.deleteRecursively(tmpDir);
    }

    /** Abandons the block unless it was committed. */
    @Override
    public void close() {
        if (!done) {
            abort();
        }
    }
}
