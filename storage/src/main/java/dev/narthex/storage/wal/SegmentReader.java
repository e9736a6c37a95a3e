package dev.narthex.storage.wal;

import dev.narthex.storage.StorageException;
import dev.narthex.storage.encoding.ByteInput;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Reads the framed records of one segment file in order. Stops at the first record that is torn
 * (the file ends inside it), fails its checksum, or does not decode, and reports where the last good
 * record ended so the caller can cut the file there. Not thread-safe; reusable across segments.
 */
final class SegmentReader {
    /** How a segment read ended: {@code goodBytes} of valid records, and the error after them, if any. */
    record Result(long goodBytes, String error) {
        boolean clean() {
            return error == null;
        }
    }

    private final CRC32C crc = new CRC32C();
    private final ByteInput input = new ByteInput();
    private byte[] buf = new byte[64 << 10];

    Result read(Path file, WalHandler handler) throws IOException {
        long size = Files.size(file);
        long pos = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            while (pos < size) {
                if (size - pos < WalRecords.HEADER_SIZE) {
                    return new Result(pos, "torn record header");
                }
                readFully(in, buf, 0, WalRecords.HEADER_SIZE);
                int type = buf[0] & 0xFF;
                int len = WalRecords.getIntLE(buf, 1);
                int expectedCrc = WalRecords.getIntLE(buf, 5);
                if (type < WalRecords.SERIES || type > WalRecords.EXEMPLARS) {
                    return new Result(pos, "invalid record type " + type);
                }
                if (len <= 0 || len > size - pos - WalRecords.HEADER_SIZE) {
                    return new Result(pos, "torn record: length " + len + " past end of segment");
                }
                if (buf.length < WalRecords.HEADER_SIZE + len) {
                    byte[] grown = new byte[Math.max(WalRecords.HEADER_SIZE + len, buf.length * 2)];
                    System.arraycopy(buf, 0, grown, 0, WalRecords.HEADER_SIZE);
                    buf = grown;
                }
                readFully(in, buf, WalRecords.HEADER_SIZE, len);
                if (WalRecords.checksum(crc, buf, 0, len) != expectedCrc) {
                    return new Result(pos, "record checksum mismatch");
                }
                try {
                    WalRecords.decode(type, buf, WalRecords.HEADER_SIZE, len, input, handler);
                } catch (StorageException.Corruption e) {
                    return new Result(pos, e.getMessage());
                }
                pos += WalRecords.HEADER_SIZE + len;
            }
        }
        return new Result(pos, null);
    }

    private static void readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = in.read(b, off, len);
            if (n < 0) {
                throw new EOFException();
            }
            off += n;
            len -= n;
        }
    }
}
