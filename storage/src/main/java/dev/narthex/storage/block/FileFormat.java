package dev.narthex.storage.block;

import dev.narthex.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The framing every block file shares: an 8-byte header (magic, format version, three zero bytes), sections
 * each followed by their CRC32C, and a fixed footer ending in {@link #END_MAGIC}. All integers are little-endian.
 * See docs/storage-format.md.
 */
final class FileFormat {
    static final int VERSION = 2;
    static final int HEADER_SIZE = 8;
    static final int INDEX_MAGIC = 0x5849584E;      // "NXIX" read as bytes
    static final int CHUNKS_MAGIC = 0x4B43584E;     // "NXCK"
    static final int TOMBSTONES_MAGIC = 0x5354584E; // "NXTS"
    static final int END_MAGIC = 0x444E4558;        // "XEND"

    private FileFormat() {
    }

    static void writeHeader(ByteBuffer out, int magic) {
        out.putInt(magic).put((byte) VERSION).put((byte) 0).put((byte) 0).put((byte) 0);
    }

    /** Checks magic and version of a file's first bytes. */
    static void checkHeader(Path file, ByteBuffer buf, int magic) {
        if (buf.limit() < HEADER_SIZE) {
            throw corrupt(file, 0, "file of " + buf.limit() + " bytes is shorter than its header");
        }
        int m = buf.getInt(0);
        if (m != magic) {
            throw corrupt(file, 0, String.format("bad magic 0x%08x, want 0x%08x", m, magic));
        }
        int v = buf.get(4) & 0xFF;
        if (v != VERSION) {
            throw corrupt(file, 4, "unsupported format version " + v + ", want " + VERSION);
        }
        for (int i = 5; i < HEADER_SIZE; i++) {
            if (buf.get(i) != 0) {
                throw corrupt(file, i, "reserved header byte is not zero");
            }
        }
    }

    static int crc32c(ByteBuffer buf, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().limit(off + len).position(off));
        return (int) crc.getValue();
    }

    static int crc32c(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        return (int) crc.getValue();
    }

    /** Verifies that the 4 bytes after {@code [off, off+len)} hold the CRC32C of that range. */
    static void checkCrc(Path file, ByteBuffer buf, int off, int len, String what) {
        if (off < 0 || len < 0 || (long) off + len + 4 > buf.limit()) {
            throw corrupt(file, off, what + " of " + len + " bytes runs past the end of the file (" + buf.limit() + " bytes)");
        }
        int want = buf.getInt(off + len);
        int got = crc32c(buf, off, len);
        if (want != got) {
            throw corrupt(file, off, String.format("%s checksum mismatch: stored 0x%08x, computed 0x%08x", what, want, got));
        }
    }

    static StorageException.Corruption corrupt(Path file, long offset, String detail) {
        return new StorageException.Corruption("corrupt block file " + file + " at offset " + offset + ": " + detail);
    }

    /** Maps a whole file read-only in little-endian order; the channel is closed, the mapping stays valid. */
    static ByteBuffer map(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw corrupt(file, 0, "file of " + size + " bytes is larger than the 2 GiB a mapped index may have");
            }
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    static ByteBuffer le(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes the buffer's remaining bytes at the channel's position, looping over partial writes. */
    static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    static void fsyncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open directories; the rename itself is still atomic there.
        }
    }
}
