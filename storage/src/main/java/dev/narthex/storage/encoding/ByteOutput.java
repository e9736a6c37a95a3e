package dev.narthex.storage.encoding;

import java.util.Arrays;

/** A growable byte array that encoders append to. Not thread-safe; reuse it with {@link #reset()}. */
public final class ByteOutput {
    private byte[] buf;
    private int size;

    public ByteOutput() {
        this(256);
    }

    public ByteOutput(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public void reset() {
        size = 0;
    }

    public int size() {
        return size;
    }

    /** The backing array, valid up to {@link #size()} until the next write. */
    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Drops everything written after the first {@code newSize} bytes. */
    public void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IllegalArgumentException("truncate to " + newSize + " outside size " + size);
        }
        size = newSize;
    }

    public void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    public void writeBytes(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, buf, size, len);
        size += len;
    }

    public void writeLongLE(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    public void writeIntLE(int v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    /** Unsigned LEB128. */
    public void writeUvarint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** Zig-zag signed LEB128. */
    public void writeVarint(long v) {
        writeUvarint((v << 1) ^ (v >> 63));
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size + extra, buf.length * 2));
        }
    }
}
