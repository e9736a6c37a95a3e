package dev.narthex.storage.block;

import dev.narthex.storage.encoding.ByteInput;
import dev.narthex.storage.encoding.ByteOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Deleted time intervals per series of one block: series refs (ids in the block's index) mapped to sorted,
 * merged, inclusive {@code [mint, maxt]} intervals. Immutable and thread-safe; {@link #with} returns a copy.
 */
public final class Tombstones {
    public static final Tombstones EMPTY = new Tombstones(new int[0], new long[0][]);

    private final int[] refs;          // sorted
    private final long[][] intervals;  // per ref: mint0, maxt0, mint1, maxt1, ... sorted and disjoint

    private Tombstones(int[] refs, long[][] intervals) {
        this.refs = refs;
        this.intervals = intervals;
    }

    public boolean isEmpty() {
        return refs.length == 0;
    }

    /** Number of series with deleted intervals. */
    public int size() {
        return refs.length;
    }

    /** The deleted intervals of a series as flat inclusive pairs, or null when none. Do not modify. */
    long[] intervals(int ref) {
        int i = Arrays.binarySearch(refs, ref);
        return i < 0 ? null : intervals[i];
    }

    static boolean isDeleted(long[] iv, long t) {
        for (int i = 0; i < iv.length; i += 2) {
            if (t < iv[i]) {
                return false;
            }
            if (t <= iv[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** A copy with {@code [mint, maxt]} deleted from every series in {@code seriesRefs}. */
    Tombstones with(int[] seriesRefs, long mint, long maxt) {
        TreeMap<Integer, long[]> merged = new TreeMap<>();
        for (int i = 0; i < refs.length; i++) {
            merged.put(refs[i], intervals[i]);
        }
        for (int ref : seriesRefs) {
            merged.put(ref, addInterval(merged.get(ref), mint, maxt));
        }
        int[] r = new int[merged.size()];
        long[][] iv = new long[merged.size()][];
        int n = 0;
        for (var e : merged.entrySet()) {
            r[n] = e.getKey();
            iv[n++] = e.getValue();
        }
        return new Tombstones(r, iv);
    }

    private static long[] addInterval(long[] existing, long mint, long maxt) {
        List<long[]> all = new ArrayList<>();
        if (existing != null) {
            for (int i = 0; i < existing.length; i += 2) {
                all.add(new long[] {existing[i], existing[i + 1]});
            }
        }
        all.add(new long[] {mint, maxt});
        all.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] out = new long[all.size() * 2];
        int n = 0;
        for (long[] iv : all) {
            // Adjacent integer intervals merge too: [0,5] and [6,9] delete the same samples as [0,9].
            if (n > 0 && (iv[0] <= out[n - 1] || iv[0] - 1 == out[n - 1])) {
                out[n - 1] = Math.max(out[n - 1], iv[1]);
            } else {
                out[n++] = iv[0];
                out[n++] = iv[1];
            }
        }
        return Arrays.copyOf(out, n);
    }

    ByteOutput serialize() {
        ByteOutput out = new ByteOutput();
        ByteBuffer header = FileFormat.le(FileFormat.HEADER_SIZE);
        FileFormat.writeHeader(header, FileFormat.TOMBSTONES_MAGIC);
        out.writeBytes(header.array(), 0, FileFormat.HEADER_SIZE);
        out.writeUvarint(refs.length);
        for (int i = 0; i < refs.length; i++) {
            out.writeUvarint(refs[i]);
            out.writeUvarint(intervals[i].length / 2);
            for (long t : intervals[i]) {
                out.writeVarint(t);
            }
        }
        int bodyLen = out.size() - FileFormat.HEADER_SIZE;
        out.writeIntLE(FileFormat.crc32c(out.array(), FileFormat.HEADER_SIZE, bodyLen));
        out.writeIntLE(bodyLen);
        out.writeIntLE(FileFormat.END_MAGIC);
        return out;
    }

    /** Replaces a block's tombstones file atomically (write aside, fsync, rename). */
    void write(Path blockDir) {
        Path tmp = blockDir.resolve(BlockWriter.TOMBSTONES + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            ByteOutput out = serialize();
            BlockWriter.writeFile(tmp, out.array(), out.size());
            Files.move(tmp, blockDir.resolve(BlockWriter.TOMBSTONES), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            FileFormat.fsyncDir(blockDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tombstones of " + blockDir, e);
        }
    }

    /** Reads a tombstones file; a missing file means no tombstones. */
    static Tombstones read(Path file, int numSeries) {
        if (!Files.exists(file)) {
            return EMPTY;
        }
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        FileFormat.checkHeader(file, buf, FileFormat.TOMBSTONES_MAGIC);
        if (b.length < FileFormat.HEADER_SIZE + 12 || buf.getInt(b.length - 4) != FileFormat.END_MAGIC) {
            throw FileFormat.corrupt(file, Math.max(0, b.length - 4), "missing footer (file truncated?)");
        }
        int bodyLen = buf.getInt(b.length - 8);
        if (bodyLen != b.length - 12 - FileFormat.HEADER_SIZE) {
            throw FileFormat.corrupt(file, b.length - 8, "body length " + bodyLen + " does not match the file size");
        }
        FileFormat.checkCrc(file, buf, FileFormat.HEADER_SIZE, bodyLen, "tombstones");
        ByteInput in = new ByteInput(b, FileFormat.HEADER_SIZE, bodyLen);
        int n = (int) in.readUvarint();
        int[] refs = new int[n];
        long[][] iv = new long[n][];
        for (int i = 0; i < n; i++) {
            refs[i] = (int) in.readUvarint();
            if (refs[i] < 0 || refs[i] >= numSeries || (i > 0 && refs[i] <= refs[i - 1])) {
                throw FileFormat.corrupt(file, in.position(), "bad series ref " + refs[i]);
            }
            iv[i] = new long[(int) in.readUvarint() * 2];
            for (int j = 0; j < iv[i].length; j++) {
                iv[i][j] = in.readVarint();
            }
        }
        return new Tombstones(refs, iv);
    }
}
