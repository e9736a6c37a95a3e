package dev.narthex.storage.encoding;

import dev.narthex.storage.StorageException;
import dev.narthex.storage.encoding.bits.BitReader;
import dev.narthex.storage.encoding.bits.BitWriter;

/**
 * The Gorilla XOR float encoding (Pelkonen et al. 2015), the fallback for value columns that are not
 * decimal-shaped. Each value is XORed with its predecessor; a zero XOR costs one bit, otherwise the
 * meaningful bits are written inside the previous leading/trailing-zero window when they fit, or with a
 * new window (5 bits of leading zeros, 6 bits of length).
 */
final class GorillaXor {
    private GorillaXor() {
    }

    static void encode(double[] vs, int from, int to, ByteOutput out) {
        BitWriter w = new BitWriter(out);
        long prev = Double.doubleToRawLongBits(vs[from]);
        w.write(prev, 64);
        int prevLead = -1;
        int prevTrail = 0;
        for (int i = from + 1; i < to; i++) {
            long bits = Double.doubleToRawLongBits(vs[i]);
            long x = bits ^ prev;
            prev = bits;
            if (x == 0) {
                w.write(0, 1);
                continue;
            }
            int lead = Math.min(31, Long.numberOfLeadingZeros(x));
            int trail = Long.numberOfTrailingZeros(x);
            if (prevLead >= 0 && lead >= prevLead && trail >= prevTrail) {
                w.write(0b01, 2);
                int sig = 64 - prevLead - prevTrail;
                w.write(x >>> prevTrail, sig);
            } else {
                int sig = 64 - lead - trail;
                w.write(0b11, 2);
                w.write(lead, 5);
                w.write(sig - 1, 6);
                w.write(x >>> trail, sig);
                prevLead = lead;
                prevTrail = trail;
            }
        }
        w.flush();
    }

    static void decode(ByteInput in, int count, double[] out, int outOff) {
        BitReader r = new BitReader();
        r.reset(in.array(), in.position(), in.remaining());
        long prev = r.read(64);
        out[outOff] = Double.longBitsToDouble(prev);
        int lead = -1;
        int trail = 0;
        for (int i = 1; i < count; i++) {
            if (r.readBit()) {
                if (r.readBit()) {
                    lead = (int) r.read(5);
                    int sig = (int) r.read(6) + 1;
                    trail = 64 - lead - sig;
                    if (trail < 0) {
                        throw new StorageException.Corruption("bad XOR window at offset " + r.bytePosition());
                    }
                } else if (lead < 0) {
                    throw new StorageException.Corruption("XOR window reused before set at offset "
                            + r.bytePosition());
                }
                prev ^= r.read(64 - lead - trail) << trail;
            }
            out[outOff + i] = Double.longBitsToDouble(prev);
        }
        in.skip(r.bytePosition() - in.position());
    }
}
