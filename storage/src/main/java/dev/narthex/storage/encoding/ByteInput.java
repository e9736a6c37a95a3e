package dev.narthex.storage.encoding;

import dev.narthex.storage.StorageException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** A read cursor over a byte array region; the counterpart of {@link ByteOutput}. Not thread-safe. */
public final class ByteInput {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buf;
    private int pos;
    private int limit;

    public ByteInput() {
        this(new byte[0], 0, 0);
    }

    public ByteInput(byte[] buf, int off, int len) {
        reset(buf, off, len);
    }

    public void reset(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.limit = off + len;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return limit - pos;
    }

    /** The backing array (for bulk decoders that read it directly from {@link #position()}). */
    public byte[] array() {
        return buf;
    }

    /** Advances the position by {@code n} bytes. */
    public void skip(int n) {
        if (n < 0) {
            throw new StorageException.Corruption("negative length " + n + " at offset " + pos);
        }
        check(n);
        pos += n;
    }

    public int readByte() {
        check(1);
        return buf[pos++] & 0xFF;
    }

    public long readLongLE() {
        check(8);
        long v = (long) LONG_LE.get(buf, pos);
        pos += 8;
        return v;
    }

    public int readIntLE() {
        check(4);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (buf[pos++] & 0xFF) << (8 * i);
        }
        return v;
    }

    /** Moves past {@code n} bytes. */
    public long readUvarint() {
        if (limit - pos >= 10) {
            // Room for the longest varint: no bounds check per byte (varints are read per exception,
            // per patch and per header field of every column).
            int p = pos;
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = buf[p++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    pos = p;
                    return v;
                }
            }
            pos = p;
            throw new StorageException.Corruption("varint longer than 10 bytes at offset " + pos);
        }
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            check(1);
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new StorageException.Corruption("varint longer than 10 bytes at offset " + pos);
    }

    public long readVarint() {
        long u = readUvarint();
        return (u >>> 1) ^ -(u & 1);
    }

    private void check(int n) {
        if (n > limit - pos) {
            throw new StorageException.Corruption("read past end of encoded data at offset " + pos);
        }
    }
}
