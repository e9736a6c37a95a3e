package dev.narthex.storage.wal;

import dev.narthex.storage.Labels;
import dev.narthex.storage.StorageException;
import dev.narthex.storage.encoding.ByteInput;
import dev.narthex.storage.encoding.ByteOutput;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The WAL's record framing and payloads (see docs/head-and-wal.md).
 *
 * <p>Frame: type (1 byte), payload length (4 bytes LE), CRC32C of type and payload (4 bytes LE), payload.
 * Payloads are sequences of entries up to the payload's end:
 * <ul>
 *   <li>series: ref (uvarint), label count (uvarint), then name and value as uvarint length + UTF-8;
 *   <li>samples: ref delta and timestamp delta from the previous entry (zig-zag varints, first from 0),
 *       raw value bits (8 bytes LE);
 *   <li>tombstones: ref (uvarint), mint and maxt (zig-zag varints);
 *   <li>start timestamps: ref delta and timestamp delta as for samples, then the sample's timestamp minus
 *       its start timestamp (zig-zag varint). Written after the samples record of the same commit, only for
 *       samples that have a start timestamp, so series without one never produce this record.
 *   <li>exemplars: ref delta and timestamp delta from the previous entry (zig-zag varints, first from 0),
 *       raw value bits (8 bytes LE), the exemplar's labels as in a series entry (count, then names and values).
 * </ul>
 * An encoder builds any number of framed records into one reusable buffer; not thread-safe.
 */
public final class WalRecords {
    public static final int SERIES = 1;
    public static final int SAMPLES = 2;
    public static final int TOMBSTONES = 3;
    public static final int START_TIMES = 4;
    public static final int EXEMPLARS = 5;
    public static final int HEADER_SIZE = 9;

    private final ByteOutput out;
    private final CRC32C crc = new CRC32C();
    private int recordStart = -1;
    private long prevRef;
    private long prevT;

    public WalRecords(ByteOutput out) {
        this.out = out;
    }

    /** Whether {@code type} is a record type this code writes and decodes. */
    static boolean knownType(int type) {
        return type >= SERIES && type <= EXEMPLARS;
    }

    public ByteOutput buffer() {
        return out;
    }

    public boolean inRecord() {
        return recordStart >= 0;
    }

    /** Starts a record of {@code type}; entries follow until {@link #endRecord()}. */
    public void beginRecord(int type) {
        if (recordStart >= 0) {
            throw new IllegalStateException("record already open");
        }
        recordStart = out.size();
        out.writeByte(type);
        out.writeIntLE(0);
        out.writeIntLE(0);
        prevRef = 0;
        prevT = 0;
    }

    public void series(long ref, Labels labels) {
        out.writeUvarint(ref);
        writeLabels(labels);
    }

    private void writeLabels(Labels labels) {
        out.writeUvarint(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            writeString(labels.name(i));
            writeString(labels.value(i));
        }
    }

    public void sample(long ref, long t, long valueBits) {
        out.writeVarint(ref - prevRef);
        out.writeVarint(t - prevT);
        out.writeLongLE(valueBits);
        prevRef = ref;
        prevT = t;
    }

    /** An entry of a {@link #START_TIMES} record: the sample at {@code t} of series {@code ref} started at {@code startTime}. */
    public void startTime(long ref, long t, long startTime) {
        out.writeVarint(ref - prevRef);
        out.writeVarint(t - prevT);
        out.writeVarint(t - startTime);
        prevRef = ref;
        prevT = t;
    }

    /** An entry of an {@link #EXEMPLARS} record: an exemplar of series {@code ref} with its labels. */
    public void exemplar(long ref, long t, long valueBits, Labels labels) {
        sample(ref, t, valueBits);
        writeLabels(labels);
    }

    public void tombstone(long ref, long mint, long maxt) {
        out.writeUvarint(ref);
        out.writeVarint(mint);
        out.writeVarint(maxt);
    }

    /** Closes the open record, patching its length and checksum; an empty record is dropped. */
    public void endRecord() {
        int start = recordStart;
        recordStart = -1;
        int len = out.size() - start - HEADER_SIZE;
        byte[] buf = out.array();
        if (len == 0) {
            out.truncate(start);
            return;
        }
        putIntLE(buf, start + 1, len);
        putIntLE(buf, start + 5, checksum(crc, buf, start, len));
    }

    private void writeString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeUvarint(b.length);
        out.writeBytes(b, 0, b.length);
    }

    /** CRC32C over the type byte at {@code start} and the {@code len} payload bytes after the header. */
    static int checksum(CRC32C crc, byte[] buf, int start, int len) {
        crc.reset();
        crc.update(buf, start, 1);
        crc.update(buf, start + HEADER_SIZE, len);
        return (int) crc.getValue();
    }

    static void putIntLE(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    static int getIntLE(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    /**
     * Decodes one verified payload and hands its entries to {@code handler}.
     *
     * @throws StorageException.Corruption for an unknown type or a malformed payload
     */
    public static void decode(int type, byte[] buf, int off, int len, ByteInput in, WalHandler handler) {
        in.reset(buf, off, len);
        switch (type) {
            case SERIES -> {
                while (in.remaining() > 0) {
                    long ref = in.readUvarint();
                    handler.series(ref, readLabels(buf, in));
                }
            }
            case SAMPLES -> {
                long ref = 0;
                long t = 0;
                while (in.remaining() > 0) {
                    ref += in.readVarint();
                    t += in.readVarint();
                    handler.sample(ref, t, in.readLongLE());
                }
            }
            case START_TIMES -> {
                long ref = 0;
                long t = 0;
                while (in.remaining() > 0) {
                    ref += in.readVarint();
                    t += in.readVarint();
                    handler.startTime(ref, t, t - in.readVarint());
                }
            }
            case EXEMPLARS -> {
                long ref = 0;
                long t = 0;
                while (in.remaining() > 0) {
                    ref += in.readVarint();
                    t += in.readVarint();
                    long bits = in.readLongLE();
                    handler.exemplar(ref, t, bits, readLabels(buf, in));
                }
            }
            case TOMBSTONES -> {
                while (in.remaining() > 0) {
                    handler.tombstone(in.readUvarint(), in.readVarint(), in.readVarint());
                }
            }
            default -> throw new StorageException.Corruption("unknown WAL record type " + type);
        }
    }

    private static Labels readLabels(byte[] buf, ByteInput in) {
        long n = in.readUvarint();
        if (n > in.remaining()) {
            throw new StorageException.Corruption("label count " + n + " exceeds record");
        }
        String[] kv = new String[2 * (int) n];
        for (int i = 0; i < kv.length; i++) {
            int sl = (int) in.readUvarint();
            if (sl < 0 || sl > in.remaining()) {
                throw new StorageException.Corruption("label string length " + sl + " exceeds record");
            }
            kv[i] = new String(buf, in.position(), sl, StandardCharsets.UTF_8);
            in.skip(sl);
        }
        return Labels.of(kv);
    }
}
