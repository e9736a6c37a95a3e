package dev.narthex.server.tool.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import dev.narthex.storage.block.Block;
import dev.narthex.storage.block.BlockMeta;
import dev.narthex.storage.block.FrameCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenMetricsBackfillTest {
    private static final long H = 3600_000L;
    private static final long BASE = 1_700_000_000_000L - 1_700_000_000_000L % (2 * H);

    @TempDir
    Path tmp;

    @Test
    void writesEpochAlignedBlocksThatReadBackAsTheInput() throws Exception {
        // Three series over 5 h, one of them spelt two ways (label order), with escapes and a NaN.
        Map<Labels, List<long[]>> expected = new TreeMap<>();
        StringBuilder sb = new StringBuilder("# HELP reqs Requests.\n# TYPE reqs counter\n");
        for (int k = 0; k < 300; k++) {
            long t = BASE + 30 * 60_000L + k * 60_000L;
            String name = k % 2 == 0 ? "reqs_total{a=\"1\",b=\"x\\\\y\"}" : "reqs_total{b=\"x\\\\y\",a=\"1\"}";
            sb.append(name).append(' ').append(k).append(' ').append(seconds(t)).append('\n');
            add(expected, Labels.of("__name__", "reqs_total", "a", "1", "b", "x\\y"), t, k);
        }
        sb.append("# TYPE temp gauge\n");
        for (int k = 0; k < 10; k++) {
            long t = BASE + k * 1800_000L + 123;
            sb.append("temp{room=\"a \\\"b\\\"\"} ").append(k * 0.5).append(' ').append(seconds(t)).append('\n');
            add(expected, Labels.of("__name__", "temp", "room", "a \"b\""), t, k * 0.5);
        }
        sb.append("temp_created 1.5e9 ").append(seconds(BASE + 7)).append('\n');
        add(expected, Labels.of("__name__", "temp_created"), BASE + 7, 1.5e9);
        sb.append("# EOF\n");
        Path in = tmp.resolve("in.om");
        Files.writeString(in, sb);
        Path out = tmp.resolve("out");

        BackfillResult r = new OpenMetricsBackfill(OpenMetricsBackfill.DEFAULT_BLOCK_DURATION_MS, BackfillProgress.NONE).run(in, out);

        assertEquals(3, r.series());
        assertEquals(311, r.samples());
        List<BlockMeta> blocks = new ArrayList<>(r.blocks());
        blocks.sort((x, y) -> Long.compare(x.minTime(), y.minTime()));
        assertEquals(3, blocks.size());
        for (int k = 0; k < blocks.size(); k++) {
            assertEquals(BASE + k * 2 * H, blocks.get(k).minTime());
        }
        assertEquals(r.samples(), blocks.stream().mapToLong(BlockMeta::numSamples).sum());
        try (Stream<Path> dirs = Files.list(out)) {
            assertEquals(3, dirs.count(), "only the blocks are left in the output directory");
        }

        Map<Labels, List<long[]>> actual = new TreeMap<>();
        for (BlockMeta m : blocks) {
            try (Block block = Block.open(out.resolve(m.ulid()), new FrameCache(1 << 20));
                    Querier q = block.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                for (Series s : q.select(List.of(Matcher.regex("__name__", ".+")))) {
                    SampleBuffer buf = new SampleBuffer();
                    s.read(Long.MIN_VALUE, Long.MAX_VALUE, buf);
                    for (int k = 0; k < buf.size(); k++) {
                        assertTrue(buf.timestamp(k) >= m.minTime() && buf.timestamp(k) < m.minTime() + 2 * H);
                        add(actual, s.labels(), buf.timestamp(k), buf.value(k));
                    }
                }
            }
        }
        assertEquals(render(expected), render(actual));
    }

    @Test
    void badLineNamesTheLineAndLeavesNoBlock() throws IOException {
        Path in = tmp.resolve("bad.om");
        Files.writeString(in, "a 1 1700000000\na 2 1700000015\na{b=\"c\" 3 1700000030\n# EOF\n");
        Path out = tmp.resolve("out");
        BackfillException e = assertThrows(BackfillException.class,
                () -> new OpenMetricsBackfill(2 * H, BackfillProgress.NONE).run(in, out));
        assertEquals("parse error at line 3: expected comma or brace close, got \" \" (\"INVALID\") while parsing: "
                + "\"a{b=\\\"c\\\" \"", e.getMessage());
        assertNoBlocks(out);
    }

    @Test
    void missingTimestampOutOfOrderAndDuplicatesFailLikePrometheus() throws IOException {
        assertEquals("line 2: expected timestamp for series a{}, got none",
                failure("a 1 1700000000\na 2\n# EOF\n"));
        assertEquals("line 3: out of order sample for series a{x=\"1\"}",
                failure("a{x=\"1\"} 1 1700000010\nb 1 1700000000\na{x=\"1\"} 2 1700000005\n# EOF\n"));
        assertEquals("line 2: duplicate sample for timestamp for series a{}",
                failure("a 1 1700000010\na 2 1700000010\n# EOF\n"));
        assertEquals("parse error at line 2: data does not end with # EOF", failure("a 1 1700000010\n"));
    }

    @Test
    void repeatedSampleWithSameValueIsDropped() throws Exception {
        Path in = tmp.resolve("dup.om");
        Files.writeString(in, "a 1 1700000010\na 1 1700000010\na 2 1700000020\n# EOF\n");
        BackfillResult r = new OpenMetricsBackfill(2 * H, BackfillProgress.NONE).run(in, tmp.resolve("out"));
        assertEquals(2, r.samples());
    }

    @Test
    void segmentsParsedInParallelGiveTheSameBlocksAndFileLineNumbers() throws Exception {
        StringBuilder sb = new StringBuilder("# TYPE h histogram\n");
        for (int k = 0; k < 400; k++) {
            long t = BASE + k * 60_000L;
            // Histogram buckets spelt "1": the TYPE line is in the first segment only, yet every segment
            // must normalise "le" the same way.
            sb.append("h_bucket{le=\"1\"} ").append(k).append(' ').append(seconds(t)).append('\n');
            sb.append(k % 2 == 0 ? "g{a=\"1\",b=\"2\"} " : "g{b=\"2\",a=\"1\"} ").append(k).append(' ').append(seconds(t + 1)).append('\n');
        }
        sb.append("# EOF\n");
        Path in = tmp.resolve("seg.om");
        Files.writeString(in, sb);
        BackfillResult one = new OpenMetricsBackfill(2 * H, BackfillProgress.NONE, 1, 1).run(in, tmp.resolve("one"));
        BackfillResult four = new OpenMetricsBackfill(2 * H, BackfillProgress.NONE, 4, 1).run(in, tmp.resolve("four"));
        assertEquals(2, four.series());
        assertEquals(800, four.samples());
        assertEquals(readAll(tmp.resolve("one"), one.blocks()), readAll(tmp.resolve("four"), four.blocks()));
        assertTrue(readAll(tmp.resolve("four"), four.blocks()).contains("h_bucket{le=\"1.0\"}"));

        StringBuilder bad = new StringBuilder();
        for (int k = 1; k <= 100; k++) {
            bad.append(k == 77 ? "a{" : "a").append(" 1 ").append(1_700_000_000 + k).append('\n');
        }
        bad.append("# EOF\n");
        assertEquals("parse error at line 77: expected label name, got \" \" (\"INVALID\") while parsing: \"a{ \"",
                failure(bad.toString(), 4));
        StringBuilder ooo = new StringBuilder();
        for (int k = 1; k <= 100; k++) {
            ooo.append("a 1 ").append(1_700_000_000 + (k == 90 ? 5 : k)).append('\n');
        }
        ooo.append("# EOF\n");
        assertEquals("line 90: out of order sample for series a{}", failure(ooo.toString(), 4));
        assertEquals("parse error at line 51: unexpected data after # EOF",
                failure("a 1 1\n".repeat(50) + "# EOF\n" + "b 1 1\n".repeat(50), 4));
    }

    private static String readAll(Path dir, List<BlockMeta> metas) {
        Map<Labels, List<long[]>> all = new TreeMap<>();
        for (BlockMeta m : metas) {
            try (Block block = Block.open(dir.resolve(m.ulid()), new FrameCache(1 << 20));
                    Querier q = block.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                for (Series s : q.select(List.of(Matcher.regex("__name__", ".+")))) {
                    SampleBuffer buf = new SampleBuffer();
                    s.read(Long.MIN_VALUE, Long.MAX_VALUE, buf);
                    for (int k = 0; k < buf.size(); k++) {
                        add(all, s.labels(), buf.timestamp(k), buf.value(k));
                    }
                }
            }
        }
        return render(all);
    }

    @Test
    void blockDurationFollowsPromtool() {
        assertEquals(2 * H, OpenMetricsBackfill.compatibleBlockDuration(H));
        assertEquals(2 * H, OpenMetricsBackfill.compatibleBlockDuration(5 * H));
        assertEquals(6 * H, OpenMetricsBackfill.compatibleBlockDuration(6 * H));
        assertEquals(18 * H, OpenMetricsBackfill.compatibleBlockDuration(24 * H));
    }

    private String failure(String input) throws IOException {
        return failure(input, 1);
    }

    private String failure(String input, int threads) throws IOException {
        Path in = tmp.resolve("f.om");
        Files.writeString(in, input);
        Path out = tmp.resolve("fail-out");
        BackfillException e = assertThrows(BackfillException.class,
                () -> new OpenMetricsBackfill(2 * H, BackfillProgress.NONE, threads, 1).run(in, out));
        assertNoBlocks(out);
        return e.getMessage();
    }

    private static void assertNoBlocks(Path out) throws IOException {
        if (Files.exists(out)) {
            try (Stream<Path> dirs = Files.list(out)) {
                assertEquals(List.of(), dirs.toList());
            }
        }
    }

    private static String seconds(long ms) {
        return (ms / 1000) + "." + String.format("%03d", ms % 1000);
    }

    private static void add(Map<Labels, List<long[]>> m, Labels l, long t, double v) {
        m.computeIfAbsent(l, x -> new ArrayList<>()).add(new long[] {t, Double.doubleToRawLongBits(v)});
    }

    private static String render(Map<Labels, List<long[]>> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((l, samples) -> {
            sb.append(l).append('\n');
            for (long[] s : samples) {
                sb.append("  ").append(s[0]).append(' ').append(Double.longBitsToDouble(s[1])).append('\n');
            }
        });
        return sb.toString();
    }
}
