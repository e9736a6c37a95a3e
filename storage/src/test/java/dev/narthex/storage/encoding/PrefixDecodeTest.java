package dev.narthex.storage.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.narthex.storage.encoding.bits.PatchedInts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Prefix decodes give exactly the first k values of a full decode, for every k, and write nothing past k. */
class PrefixDecodeTest {
    private static final double SENTINEL = -123.25;
    private static final long UNTOUCHED = 0x1234;
    private final Random random = new Random(5);

    /** Columns of every encoding: decimal (steady, with patches, with exceptions), XOR, constant, tiny. */
    private List<double[]> valueColumns() {
        List<double[]> columns = new ArrayList<>();
        columns.add(new double[] {7});
        columns.add(new double[] {1.5, 2.5});
        double[] constant = new double[100];
        Arrays.fill(constant, 3.25);
        columns.add(constant);
        double[] counter = new double[300];
        double c = 0;
        for (int i = 0; i < counter.length; i++) {
            counter[i] = c += random.nextInt(10) + (i % 97 == 50 ? 1_000_000 : 0); // rare jumps become patches
        }
        columns.add(counter);
        double[] gauge = new double[257];
        for (int i = 0; i < gauge.length; i++) {
            gauge[i] = Math.round(random.nextGaussian() * 1000) / 100.0;
        }
        gauge[0] = Double.NaN;
        gauge[17] = Double.longBitsToDouble(0x7ff0000000000002L); // stale marker: an exception
        gauge[256] = Double.POSITIVE_INFINITY;
        columns.add(gauge);
        double[] xor = new double[200];
        for (int i = 0; i < xor.length; i++) {
            xor[i] = random.nextDouble() * Math.PI;
        }
        columns.add(xor);
        return columns;
    }

    @Test
    void valuePrefixesEqualFullDecodes() {
        for (double[] vs : valueColumns()) {
            ByteOutput out = new ByteOutput();
            ValueCodec.encode(vs, 0, vs.length, out);
            byte[] enc = out.toByteArray();
            double[] full = new double[vs.length];
            ValueCodec.decode(new ByteInput(enc, 0, enc.length), vs.length, full, 0);
            for (int k = 0; k <= vs.length; k++) {
                double[] prefix = new double[vs.length + 2];
                Arrays.fill(prefix, SENTINEL);
                ValueCodec.decodePrefix(new ByteInput(enc, 0, enc.length), vs.length, k, prefix, 1);
                assertEquals(SENTINEL, prefix[0]);
                for (int i = 0; i < k; i++) {
                    assertEquals(Double.doubleToRawLongBits(full[i]), Double.doubleToRawLongBits(prefix[i + 1]),
                            "column of " + vs.length + ", k " + k + ", value " + i);
                }
                for (int i = k + 1; i < prefix.length; i++) {
                    assertEquals(SENTINEL, prefix[i], "written past k " + k + " at " + (i - 1));
                }
            }
        }
    }

    @Test
    void packedIntPrefixesEqualFullDecodesAndConsumeTheWholeEncoding() {
        int n = 150;
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = 1000 + random.nextInt(50) * 3 + (i % 41 == 7 ? 1L << 40 : 0); // gcd 3 with patches
        }
        ByteOutput out = new ByteOutput();
        PatchedInts.encode(v, 0, n, new long[n], out);
        out.writeByte(0x5A); // what follows the encoding must be where the reader stops
        byte[] enc = out.toByteArray();
        for (int k = 0; k <= n; k++) {
            long[] dst = new long[n + 1];
            Arrays.fill(dst, UNTOUCHED);
            ByteInput in = new ByteInput(enc, 0, enc.length);
            PatchedInts.decodePrefix(in, n, k, dst, 0);
            assertEquals(0x5A, in.readByte(), "k " + k);
            for (int i = 0; i < k; i++) {
                assertEquals(v[i], dst[i], "k " + k + ", value " + i);
            }
            for (int i = k; i <= n; i++) {
                assertEquals(UNTOUCHED, dst[i], "written past k " + k);
            }
        }
    }
}
