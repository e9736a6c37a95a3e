package dev.narthex.benchmarks;

import com.github.luben.zstd.Zstd;
import dev.narthex.storage.Labels;
import dev.narthex.storage.encoding.ByteInput;
import dev.narthex.storage.encoding.ByteOutput;
import dev.narthex.storage.encoding.TimestampCodec;
import dev.narthex.storage.encoding.ValueCodec;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures the block column encodings on an OpenMetrics file written by {@code gen_data.py}: groups the
 * samples per series and per epoch-aligned block window, encodes each series' timestamp and value columns,
 * packs the encoded columns (series in label order) into zstd frames of about 128 KiB of raw column bytes,
 * and prints bytes per sample raw and after zstd, plus encode and decode throughput.
 *
 * <p>Usage: {@code ColumnSizeReport FILE [zstd levels, default 1,3,6,9] [frame KiB, default 128]}.
 */
public final class ColumnSizeReport {
    private static final long HOUR_MS = 3_600_000L;

    /** One series' samples, sorted by time as in the file. */
    private static final class SeriesData {
        final Labels labels;
        long[] ts = new long[64];
        double[] vs = new double[64];
        int n;

        SeriesData(Labels labels) {
            this.labels = labels;
        }

        void add(long t, double v) {
            if (n == ts.length) {
                ts = Arrays.copyOf(ts, n * 2);
                vs = Arrays.copyOf(vs, n * 2);
            }
            ts[n] = t;
            vs[n] = v;
            n++;
        }
    }

    /** A block's encoded columns, in series label order. */
    private static final class EncodedBlock {
        final List<byte[]> tsCols = new ArrayList<>();
        final List<byte[]> vCols = new ArrayList<>();
        final List<Integer> counts = new ArrayList<>();
    }

    private ColumnSizeReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ColumnSizeReport FILE.om [zstd levels, e.g. 1,3,6,9] [frame KiB]");
            System.exit(2);
        }
        int[] levels = Arrays.stream((args.length > 1 ? args[1] : "1,3,6,9").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int frameBytes = 1024 * (args.length > 2 ? Integer.parseInt(args[2]) : 128);
        long t0 = System.nanoTime();
        List<SeriesData> series = read(Path.of(args[0]));
        long samples = series.stream().mapToLong(s -> s.n).sum();
        System.out.printf("read %d series, %d samples in %.1f s%n", series.size(), samples,
                (System.nanoTime() - t0) / 1e9);
        series.sort((a, b) -> a.labels.compareTo(b.labels));
        for (long hours : new long[] {2, 24}) {
            report(series, samples, hours * HOUR_MS, levels, frameBytes);
        }
    }

    private static void report(List<SeriesData> series, long samples, long blockMs, int[] levels,
                               int frameBytes) {
        System.out.printf("%n== %d h blocks (epoch-aligned), frames of %d KiB raw column bytes ==%n",
                blockMs / HOUR_MS, frameBytes / 1024);
        // Warm up the codecs (checking that every column reads back bit for bit), then time one encode pass.
        Map<String, long[]> perFamily = new TreeMap<>();
        encodeAll(series, blockMs, perFamily);
        for (Map.Entry<String, long[]> e : perFamily.entrySet()) {
            long[] f = e.getValue();
            System.out.printf("  %-40s %9d samples, raw ts %.3f, values %.3f bytes/sample%n", e.getKey(), f[0],
                    (double) f[1] / f[0], (double) f[2] / f[0]);
        }
        long start = System.nanoTime();
        List<EncodedBlock> blocks = encodeAll(series, blockMs, null);
        double encodeS = (System.nanoTime() - start) / 1e9;
        long tsRaw = 0;
        long vRaw = 0;
        int columns = 0;
        for (EncodedBlock b : blocks) {
            for (byte[] c : b.tsCols) {
                tsRaw += c.length;
            }
            for (byte[] c : b.vCols) {
                vRaw += c.length;
            }
            columns += b.counts.size();
        }
        System.out.printf("blocks %d, series columns %d, mean samples per column %.1f%n", blocks.size(), columns,
                (double) samples / columns);
        System.out.printf("raw encoded: timestamps %.3f + values %.3f = %.3f bytes/sample%n",
                (double) tsRaw / samples, (double) vRaw / samples, (double) (tsRaw + vRaw) / samples);
        for (int level : levels) {
            long start2 = System.nanoTime();
            long[] inter = frames(blocks, level, frameBytes, false, false);
            double interS = (System.nanoTime() - start2) / 1e9;
            long[] interDedup = frames(blocks, level, frameBytes, false, true);
            long[] split = frames(blocks, level, frameBytes, true, false);
            long[] dedup = frames(blocks, level, frameBytes, true, true);
            System.out.printf("zstd %d (compress %.0f MB/s), bytes/sample:%n", level, (tsRaw + vRaw) / 1e6 / interS);
            System.out.printf("  one stream, each series' timestamps then values      %.3f%n",
                    (double) (inter[0] + inter[1]) / samples);
            System.out.printf("  one stream, repeated timestamp columns referenced    %.3f%n",
                    (double) (interDedup[0] + interDedup[1]) / samples);
            System.out.printf("  timestamps and values in separate streams            ts %.3f + values %.3f = %.3f%n",
                    (double) split[0] / samples, (double) split[1] / samples,
                    (double) (split[0] + split[1]) / samples);
            System.out.printf("  separate streams, repeated timestamp columns referenced"
                            + " ts %.3f + values %.3f = %.3f%n",
                    (double) dedup[0] / samples, (double) dedup[1] / samples,
                    (double) (dedup[0] + dedup[1]) / samples);
        }
        decodeThroughput(blocks, samples);
        System.out.printf("encode: %.1f M samples/s (timestamps and values, wall time incl. copying each column)%n",
                samples / encodeS / 1e6);
    }

    /**
     * Encodes every series' columns per block window. With {@code perFamily} non-null, also checks that
     * every column reads back bit for bit and sums {samples, timestamp bytes, value bytes} per metric name.
     */
    private static List<EncodedBlock> encodeAll(List<SeriesData> series, long blockMs,
                                                Map<String, long[]> perFamily) {
        long minT = Long.MAX_VALUE;
        long maxT = Long.MIN_VALUE;
        for (SeriesData s : series) {
            minT = Math.min(minT, s.ts[0]);
            maxT = Math.max(maxT, s.ts[s.n - 1]);
        }
        List<EncodedBlock> blocks = new ArrayList<>();
        int[] cursor = new int[series.size()];
        ByteOutput out = new ByteOutput(1 << 16);
        for (long w = Math.floorDiv(minT, blockMs) * blockMs; w <= maxT; w += blockMs) {
            EncodedBlock b = new EncodedBlock();
            for (int i = 0; i < series.size(); i++) {
                SeriesData s = series.get(i);
                int from = cursor[i];
                int to = from;
                while (to < s.n && s.ts[to] < w + blockMs) {
                    to++;
                }
                cursor[i] = to;
                if (to == from) {
                    continue;
                }
                out.reset();
                TimestampCodec.encode(s.ts, from, to, out);
                b.tsCols.add(out.toByteArray());
                out.reset();
                ValueCodec.encode(s.vs, from, to, out);
                b.vCols.add(out.toByteArray());
                b.counts.add(to - from);
                if (perFamily != null) {
                    long[] f = perFamily.computeIfAbsent(s.labels.metricName(), k -> new long[3]);
                    f[0] += to - from;
                    f[1] += b.tsCols.get(b.tsCols.size() - 1).length;
                    f[2] += out.size();
                }
                if (perFamily != null) {
                    verify(s, from, to, b.tsCols.get(b.tsCols.size() - 1), b.vCols.get(b.vCols.size() - 1));
                }
            }
            blocks.add(b);
        }
        return blocks;
    }

    private static void verify(SeriesData s, int from, int to, byte[] tsCol, byte[] vCol) {
        int n = to - from;
        long[] ts = new long[n];
        double[] vs = new double[n];
        ByteInput in = new ByteInput(tsCol, 0, tsCol.length);
        TimestampCodec.decode(in, n, ts, 0);
        in.reset(vCol, 0, vCol.length);
        ValueCodec.decode(in, n, vs, 0);
        for (int i = 0; i < n; i++) {
            if (ts[i] != s.ts[from + i] || Double.doubleToRawLongBits(vs[i])
                    != Double.doubleToRawLongBits(s.vs[from + i])) {
                throw new IllegalStateException("round trip differs for " + s.labels + " at " + s.ts[from + i]);
            }
        }
    }

    /**
     * Compressed sizes {timestamps, values} of all blocks' frames. Not split: one frame stream with each
     * series' timestamp column followed by its value column (counted as values). Split: timestamp columns
     * and value columns in separate frame streams. Dedup: a timestamp column equal to one already stored
     * in the block costs a 2-byte reference instead.
     */
    private static long[] frames(List<EncodedBlock> blocks, int level, int frameBytes, boolean split,
                                 boolean dedupTs) {
        long[] total = new long[2];
        ByteOutput frame = new ByteOutput(frameBytes * 2);
        ByteOutput tsFrame = new ByteOutput(frameBytes * 2);
        for (EncodedBlock b : blocks) {
            Map<String, Boolean> seenTs = new HashMap<>();
            for (int i = 0; i < b.counts.size(); i++) {
                byte[] tc = b.tsCols.get(i);
                boolean store = !dedupTs
                        || seenTs.putIfAbsent(new String(tc, StandardCharsets.ISO_8859_1), true) == null;
                if (!store) {
                    total[0] += 2;
                } else if (split) {
                    tsFrame.writeBytes(tc, 0, tc.length);
                    total[0] += flush(tsFrame, level, frameBytes, false);
                } else {
                    frame.writeBytes(tc, 0, tc.length);
                }
                frame.writeBytes(b.vCols.get(i), 0, b.vCols.get(i).length);
                total[1] += flush(frame, level, frameBytes, false);
            }
            total[0] += flush(tsFrame, level, frameBytes, true);
            total[1] += flush(frame, level, frameBytes, true);
        }
        return total;
    }

    private static long flush(ByteOutput frame, int level, int frameBytes, boolean force) {
        if (frame.size() == 0 || (!force && frame.size() < frameBytes)) {
            return 0;
        }
        long n = Zstd.compress(Arrays.copyOf(frame.array(), frame.size()), level).length;
        frame.reset();
        return n;
    }

    private static void decodeThroughput(List<EncodedBlock> blocks, long samples) {
        long[] ts = new long[1 << 16];
        double[] vs = new double[1 << 16];
        ByteInput in = new ByteInput();
        long check = 0;
        double bestTs = Double.MAX_VALUE;
        double bestV = Double.MAX_VALUE;
        for (int rep = 0; rep < 5; rep++) {
            long start = System.nanoTime();
            for (EncodedBlock b : blocks) {
                for (int i = 0; i < b.counts.size(); i++) {
                    byte[] c = b.tsCols.get(i);
                    in.reset(c, 0, c.length);
                    TimestampCodec.decode(in, b.counts.get(i), ts, 0);
                    check += ts[0];
                }
            }
            long mid = System.nanoTime();
            for (EncodedBlock b : blocks) {
                for (int i = 0; i < b.counts.size(); i++) {
                    byte[] c = b.vCols.get(i);
                    in.reset(c, 0, c.length);
                    ValueCodec.decode(in, b.counts.get(i), vs, 0);
                    check += (long) vs[0];
                }
            }
            long end = System.nanoTime();
            bestTs = Math.min(bestTs, (mid - start) / 1e9);
            bestV = Math.min(bestV, (end - mid) / 1e9);
        }
        System.out.printf("decode (no zstd): timestamps %.0f M samples/s, values %.0f M samples/s (check %d)%n",
                samples / bestTs / 1e6, samples / bestV / 1e6, check & 0xF);
    }

    private static List<SeriesData> read(Path file) throws IOException {
        Map<String, SeriesData> byKey = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.charAt(0) == '#') {
                    continue;
                }
                int sp2 = line.lastIndexOf(' ');
                int sp1 = line.lastIndexOf(' ', sp2 - 1);
                String key = line.substring(0, sp1);
                SeriesData s = byKey.get(key);
                if (s == null) {
                    s = new SeriesData(parseLabels(key));
                    byKey.put(key, s);
                }
                s.add(parseMillis(line, sp2 + 1), parseValue(line.substring(sp1 + 1, sp2)));
            }
        }
        return new ArrayList<>(byKey.values());
    }

    private static double parseValue(String s) {
        return switch (s) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /** Seconds with up to three decimals, as gen_data.py writes them, to milliseconds. */
    private static long parseMillis(String line, int from) {
        long ms = 0;
        int frac = -1;
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '.') {
                frac = 0;
                continue;
            }
            ms = ms * 10 + (c - '0');
            if (frac >= 0) {
                frac++;
            }
        }
        for (int f = Math.max(frac, 0); f < 3; f++) {
            ms *= 10;
        }
        return ms;
    }

    private static Labels parseLabels(String key) {
        int brace = key.indexOf('{');
        Labels.Builder b = Labels.builder();
        b.set(Labels.METRIC_NAME, brace < 0 ? key : key.substring(0, brace));
        if (brace < 0) {
            return b.build();
        }
        int i = brace + 1;
        while (i < key.length() && key.charAt(i) != '}') {
            int eq = key.indexOf('=', i);
            String name = key.substring(i, eq);
            StringBuilder v = new StringBuilder();
            i = eq + 2;
            while (key.charAt(i) != '"') {
                char c = key.charAt(i++);
                if (c == '\\') {
                    char e = key.charAt(i++);
                    v.append(e == 'n' ? '\n' : e);
                } else {
                    v.append(c);
                }
            }
            b.set(name, v.toString());
            i++;
            if (key.charAt(i) == ',') {
                i++;
            }
        }
        return b.build();
    }
}
