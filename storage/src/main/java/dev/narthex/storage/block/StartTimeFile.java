package dev.narthex.storage.block;

import dev.narthex.storage.StorageException;
import dev.narthex.storage.encoding.ByteInput;
import dev.narthex.storage.encoding.ByteOutput;
import dev.narthex.storage.starttime.StartTimes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The optional {@code starttimes} file of a block: the start timestamps of the series that have any, as a
 * side column beside the chunks, so a block (or series) without start timestamps stores not one byte for
 * them. Layout: header (magic "NXST", version), series count (uvarint), per series its id as a delta from
 * the previous id (uvarint, first from 0) and its {@link StartTimes#encode pairs}, then a CRC32C of
 * everything after the header (4 bytes LE). Immutable and thread-safe once read; the columns it hands out
 * must not be modified.
 */
final class StartTimeFile {
    static final String NAME = "starttimes";
    static final int MAGIC = 0x5453584E; // "NXST" read as bytes
    static final StartTimeFile EMPTY = new StartTimeFile(new int[0], new StartTimes[0]);

    private final int[] ids;             // sorted
    private final StartTimes[] columns;  // per id

    private StartTimeFile(int[] ids, StartTimes[] columns) {
        this.ids = ids;
        this.columns = columns;
    }

    /** The start timestamps of series {@code id}, or null when it has none. */
    StartTimes of(int id) {
        int i = Arrays.binarySearch(ids, id);
        return i < 0 ? null : columns[i];
    }

    /** Reads the file of a block with {@code numSeries} series; a missing file means no start timestamps. */
    static StartTimeFile read(Path file, int numSeries) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return EMPTY;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        FileFormat.checkHeader(file, buf, MAGIC);
        int bodyLen = bytes.length - FileFormat.HEADER_SIZE - 4;
        FileFormat.checkCrc(file, buf, FileFormat.HEADER_SIZE, bodyLen, "start timestamps");
        ByteInput in = new ByteInput(bytes, FileFormat.HEADER_SIZE, bodyLen);
        try {
            long n = in.readUvarint();
            if (n < 0 || n > numSeries) {
                throw FileFormat.corrupt(file, FileFormat.HEADER_SIZE, n + " series with start timestamps in a block of " + numSeries);
            }
            int[] ids = new int[(int) n];
            StartTimes[] columns = new StartTimes[(int) n];
            long id = 0;
            for (int i = 0; i < n; i++) {
                id += in.readUvarint() + (i == 0 ? 0 : 1);
                if (id >= numSeries) {
                    throw FileFormat.corrupt(file, in.position(), "series " + id + " outside a block of " + numSeries);
                }
                ids[i] = (int) id;
                columns[i] = StartTimes.decode(in);
            }
            if (in.remaining() != 0) {
                throw FileFormat.corrupt(file, in.position(), in.remaining() + " trailing bytes");
            }
            return new StartTimeFile(ids, columns);
        } catch (StorageException.Corruption e) {
            throw FileFormat.corrupt(file, in.position(), e.getMessage());
        }
    }

    /** Collects the columns of a block being written, in increasing series id. Not thread-safe. */
    static final class Builder {
        private final ByteOutput body = new ByteOutput(256);
        private int count;
        private int lastId = -1;

        void add(int id, StartTimes column) {
            if (id <= lastId) {
                throw new IllegalArgumentException("series " + id + " after " + lastId);
            }
            body.writeUvarint(count == 0 ? id : id - lastId - 1);
            column.encode(body);
            lastId = id;
            count++;
        }

        boolean isEmpty() {
            return count == 0;
        }

        /** The whole file: header, series count, the columns and the checksum. */
        byte[] toBytes() {
            ByteOutput out = new ByteOutput(body.size() + 32);
            out.writeIntLE(MAGIC);
            out.writeByte(FileFormat.VERSION);
            out.writeByte(0);
            out.writeByte(0);
            out.writeByte(0);
            int bodyStart = out.size();
            out.writeUvarint(count);
            out.writeBytes(body.array(), 0, body.size());
            out.writeIntLE(FileFormat.crc32c(out.array(), bodyStart, out.size() - bodyStart));
            return out.toByteArray();
        }
    }
}
