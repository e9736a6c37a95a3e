package dev.narthex.storage.chunk;

import dev.narthex.storage.SampleBuffer;

/**
 * Decodes an {@link XorChunk} sample by sample without allocating. Reusable: call {@link #reset} for
 * each chunk. Not thread-safe, and the chunk must not be appended to while it is being read.
 */
public final class XorIterator {
    private byte[] data;
    private long pos;
    private int remaining;
    private int index;
    private long t;
    private long delta;
    private long bits;
    private int leading;
    private int trailing;

    public XorIterator reset(XorChunk chunk) {
        this.data = chunk.bytes();
        this.remaining = chunk.numSamples();
        this.pos = 0;
        this.index = 0;
        return this;
    }

    /** Advances to the next sample; false when the chunk is exhausted. */
    public boolean next() {
        if (remaining == 0) {
            return false;
        }
        remaining--;
        if (index == 0) {
            long z = readVarint();
            t = (z >>> 1) ^ -(z & 1);
            bits = readBits(64);
        } else if (index == 1) {
            delta = readVarint();
            t += delta;
            readValue();
        } else {
            delta += readDod();
            t += delta;
            readValue();
        }
        index++;
        return true;
    }

    public long timestamp() {
        return t;
    }

    public long valueBits() {
        return bits;
    }

    public double value() {
        return Double.longBitsToDouble(bits);
    }

    /**
     * Appends the chunk's samples with {@code mint <= t <= maxt} to {@code out} and returns how many.
     * Stops decoding at the first sample past {@code maxt}.
     */
    public int readInto(XorChunk chunk, long mint, long maxt, SampleBuffer out) {
        reset(chunk);
        int n = out.reserve(chunk.numSamples());
        int start = n;
        long[] ts = out.timestamps();
        double[] vs = out.values();
        while (next()) {
            if (t > maxt) {
                break;
            }
            if (t >= mint) {
                ts[n] = t;
                vs[n] = Double.longBitsToDouble(bits);
                n++;
            }
        }
        out.setSize(n);
        return n - start;
    }

    /** Whether the chunk holds a sample with {@code mint <= t <= maxt}. */
    public boolean hasSampleIn(XorChunk chunk, long mint, long maxt) {
        reset(chunk);
        while (next()) {
            if (t > maxt) {
                return false;
            }
            if (t >= mint) {
                return true;
            }
        }
        return false;
    }

    private long readDod() {
        if (readBit() == 0) {
            return 0;
        }
        int n;
        if (readBit() == 0) {
            n = 14;
        } else if (readBit() == 0) {
            n = 17;
        } else if (readBit() == 0) {
            n = 20;
        } else {
            return readBits(64);
        }
        long v = readBits(n);
        if (v > (1L << (n - 1))) {
            v -= 1L << n;
        }
        return v;
    }

    private void readValue() {
        if (readBit() == 0) {
            return;
        }
        if (readBit() == 1) {
            leading = (int) readBits(5);
            int sig = (int) readBits(6);
            if (sig == 0) {
                sig = 64;
            }
            trailing = 64 - leading - sig;
        }
        int sig = 64 - leading - trailing;
        bits ^= readBits(sig) << trailing;
    }

    private long readVarint() {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            long b = readBits(8);
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
    }

    private int readBit() {
        int b = (data[(int) (pos >>> 3)] >>> (7 - (pos & 7))) & 1;
        pos++;
        return b;
    }

    private long readBits(int n) {
        long v = 0;
        while (n > 0) {
            int avail = 8 - (int) (pos & 7);
            int take = Math.min(avail, n);
            int b = data[(int) (pos >>> 3)] & 0xFF;
            int chunk = (b >>> (avail - take)) & ((1 << take) - 1);
            v = (v << take) | chunk;
            pos += take;
            n -= take;
        }
        return v;
    }
}
