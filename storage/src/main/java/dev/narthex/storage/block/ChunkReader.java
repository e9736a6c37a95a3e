package dev.narthex.storage.block;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads zstd frames of a block's chunk file with positional reads (so the file may exceed 2 GiB), and knows
 * where its shared timestamp columns lie. Header, footer, frame table and shared column table are verified
 * on open; each frame's CRC32C when it is read from disk. Thread-safe.
 */
final class ChunkReader implements AutoCloseable {
    static final int FOOTER_SIZE = 28;
    static final int FRAME_ENTRY = 20;
    static final int SHARED_ENTRY = 12;

    private final Path file;
    private final FileChannel channel;
    private final FrameCache cache;
    private final int owner = FrameCache.newOwner();
    private final long[] offsets;
    private final int[] compressedLengths;
    private final int[] rawLengths;
    private final int[] crcs;
    private final int[] sharedFrames;
    private final int[] sharedOffsets;
    private final int[] sharedLengths;

    ChunkReader(Path file, FrameCache cache) throws IOException {
        this.file = file;
        this.cache = cache;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = channel.size();
            FileFormat.checkHeader(file, read(0, (int) Math.min(size, FileFormat.HEADER_SIZE)), FileFormat.CHUNKS_MAGIC);
            if (size < FileFormat.HEADER_SIZE + FOOTER_SIZE + 4) {
                throw FileFormat.corrupt(file, size, "file of " + size + " bytes is too short for its footer (truncated?)");
            }
            long footerOff = size - FOOTER_SIZE;
            ByteBuffer footer = read(footerOff, FOOTER_SIZE);
            if (footer.getInt(24) != FileFormat.END_MAGIC) {
                throw FileFormat.corrupt(file, footerOff + 24, "missing end magic (file truncated?)");
            }
            FileFormat.checkCrc(file, footer, 0, 20, "chunk footer");
            long tableOff = footer.getLong(0);
            int frames = footer.getInt(8);
            int shared = footer.getInt(12);
            int tableLen = footer.getInt(16);
            if (frames < 0 || shared < 0 || tableLen != (long) frames * FRAME_ENTRY + (long) shared * SHARED_ENTRY
                || tableOff < FileFormat.HEADER_SIZE
                || tableOff + tableLen + 4 != footerOff) {
                throw FileFormat.corrupt(file, footerOff, "footer describes a frame table that does not fit the file");
            }
            ByteBuffer table = read(tableOff, tableLen + 4);
            try {
                FileFormat.checkCrc(file, table, 0, tableLen, "frame table");
            } catch (RuntimeException e) {
                throw FileFormat.corrupt(file, tableOff, "frame table checksum mismatch");
            }
            offsets = new long[frames];
            compressedLengths = new int[frames];
            rawLengths = new int[frames];
            crcs = new int[frames];
            long expected = FileFormat.HEADER_SIZE;
            for (int i = 0; i < frames; i++) {
                offsets[i] = table.getLong(i * FRAME_ENTRY);
                compressedLengths[i] = table.getInt(i * FRAME_ENTRY + 8);
                rawLengths[i] = table.getInt(i * FRAME_ENTRY + 12);
                crcs[i] = table.getInt(i * FRAME_ENTRY + 16);
                if (offsets[i] != expected || compressedLengths[i] <= 0 || rawLengths[i] <= 0) {
                    throw FileFormat.corrupt(file, tableOff + (long) i * FRAME_ENTRY, "frame " + i + " entry is inconsistent");
                }
                expected += compressedLengths[i];
            }
            if (expected != tableOff) {
                throw FileFormat.corrupt(file, tableOff, "frames end at " + expected + " but the frame table starts at " + tableOff);
            }
            sharedFrames = new int[shared];
            sharedOffsets = new int[shared];
            sharedLengths = new int[shared];
            for (int i = 0; i < shared; i++) {
                int p = frames * FRAME_ENTRY + i * SHARED_ENTRY;
                int f = table.getInt(p);
                int off = table.getInt(p + 4);
                int len = table.getInt(p + 8);
                if (f < 0 || f >= frames || off < 0 || len <= 0 || (long) off + len > rawLengths[f]) {
                    throw FileFormat.corrupt(file, tableOff + p, "shared timestamp column " + i + " lies outside the frames");
                }
                sharedFrames[i] = f;
                sharedOffsets[i] = off;
                sharedLengths[i] = len;
            }
        } catch (RuntimeException | IOException e) {
            channel.close();
            throw e;
        }
    }

    int frameCount() {
        return offsets.length;
    }

    int rawLength(int frame) {
        return rawLengths[frame];
    }

    int sharedCount() {
        return sharedFrames.length;
    }

    /** Frame holding the bytes of a shared timestamp column. */
    int sharedFrame(int shared) {
        return sharedFrames[shared];
    }

    /** Offset of a shared timestamp column in its frame's decompressed bytes. */
    int sharedOffset(int shared) {
        return sharedOffsets[shared];
    }

    int sharedLength(int shared) {
        return sharedLengths[shared];
    }

    /** The decompressed bytes of one frame, from the cache or verified from disk. Never modify the result. */
    byte[] frame(int frame) {
        byte[] raw = cache.get(owner, frame);
        if (raw != null) {
            return raw;
        }
        byte[] compressed = new byte[compressedLengths[frame]];
        try {
            ByteBuffer dst = ByteBuffer.wrap(compressed);
            long pos = offsets[frame];
            while (dst.hasRemaining()) {
                int n = channel.read(dst, pos);
                if (n < 0) {
                    throw FileFormat.corrupt(file, pos, "unexpected end of file in frame " + frame);
                }
                pos += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        int crc = FileFormat.crc32c(compressed, 0, compressed.length);
        if (crc != crcs[frame]) {
            throw FileFormat.corrupt(file, offsets[frame], String.format("frame %d checksum mismatch: stored 0x%08x, computed 0x%08x",
                frame, crcs[frame], crc));
        }
        raw = new byte[rawLengths[frame]];
        try {
            long n = Zstd.decompressByteArray(raw, 0, raw.length, compressed, 0, compressed.length);
            if (n != raw.length) {
                throw FileFormat.corrupt(file, offsets[frame], "frame " + frame + " decompressed to " + n + " bytes, want " + raw.length);
            }
        } catch (ZstdException e) {
            throw FileFormat.corrupt(file, offsets[frame], "frame " + frame + " does not decompress: " + e.getMessage());
        }
        cache.put(owner, frame, raw);
        return raw;
    }

    /** Total decompressed bytes of all frames. */
    long rawBytes() {
        long n = 0;
        for (int len : rawLengths) {
            n += len;
        }
        return n;
    }

    /** Where a frame starts in the file, for error messages. */
    long offset(int frame) {
        return offsets[frame];
    }

    Path file() {
        return file;
    }

    private ByteBuffer read(long pos, int len) throws IOException {
        ByteBuffer b = FileFormat.le(len);
        while (b.hasRemaining()) {
            if (channel.read(b, pos + b.position()) < 0) {
                break;
            }
        }
        return b.flip();
    }

    @Override
    public void close() {
        cache.evict(owner);
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
