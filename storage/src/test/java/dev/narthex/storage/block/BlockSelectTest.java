package dev.narthex.storage.block;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.ReferenceStorage;
import dev.narthex.storage.Series;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockSelectTest {
    @TempDir
    Path dir;

    private Block block;
    private final ReferenceStorage ref = new ReferenceStorage();

    @BeforeEach
    void setUp() {
        BlockTestData d = BlockTestData.random(new Random(7), 500, 0, 100_000, 5);
        BlockMeta meta = d.write(dir, 0, 100_000);
        d.addTo(ref);
        block = Block.open(dir.resolve(meta.ulid()), new FrameCache(1 << 20));
    }

    static List<List<Matcher>> selectors() {
        return List.of(
            List.of(Matcher.equal("__name__", "metric_3")),
            List.of(Matcher.equal("__name__", "metric_3"), Matcher.equal("job", "job1")),
            List.of(Matcher.equal("__name__", "nope")),
            List.of(Matcher.equal("nolabel", "x")),
            List.of(Matcher.notEqual("job", "job1"), Matcher.regex("__name__", ".+")),
            List.of(Matcher.notEqual("zone", ""), Matcher.equal("job", "job2")),
            List.of(Matcher.equal("zone", ""), Matcher.regex("__name__", "metric_[12]")),
            List.of(Matcher.regex("instance", "host-1.*")),
            List.of(Matcher.regex("instance", "host-1|host-22|host-333|missing")),
            List.of(Matcher.regex("instance", "host-(1|2)\\d")),
            List.of(Matcher.regex("instance", "host-1\\d?0")),
            List.of(Matcher.notRegex("instance", "host-1\\d?0"), Matcher.equal("job", "job1")),
            List.of(Matcher.regex("instance", "host-1\\d?0"), Matcher.regex("instance", "host-1\\d?0|host-2")),
            List.of(Matcher.regex("path", ".*v1"), Matcher.regex("zone", "z1|")),
            List.of(Matcher.regex("zone", "z1|"), Matcher.equal("__name__", "metric_0")),
            List.of(Matcher.regex("zone", ""), Matcher.equal("__name__", "metric_0")),
            List.of(Matcher.regex("zone", ".*"), Matcher.equal("__name__", "metric_0")),
            List.of(Matcher.regex("zone", ".+"), Matcher.equal("__name__", "metric_0")),
            List.of(Matcher.notRegex("zone", "z1|z2"), Matcher.equal("job", "job0")),
            List.of(Matcher.notRegex("zone", ".*"), Matcher.equal("job", "job0")),
            List.of(Matcher.notRegex("zone", ""), Matcher.equal("job", "job0")),
            List.of(Matcher.notRegex("instance", "host-.*"), Matcher.regex("job", "job.*")),
            List.of(Matcher.notEqual("nolabel", "x"), Matcher.equal("job", "job0")),
            List.of(Matcher.regex("nolabel", "x|"), Matcher.equal("job", "job0")),
            List.of(Matcher.regex("__name__", ".+"), Matcher.notRegex("path", "/api/v(1|2)"), Matcher.notEqual("job", "job0"))
        );
    }

    @Test
    void piecesWithTheirFirstOrLastSampleInTheRangeAreSelectedWithoutDecoding() {
        Path other = dir.resolve("edges");
        Labels startsBefore = Labels.of("__name__", "m", "s", "a");   // 0 .. 1000
        Labels endsAfter = Labels.of("__name__", "m", "s", "b");      // 500 .. 5000
        Labels spansTheRange = Labels.of("__name__", "m", "s", "c");  // 0, 5000: nothing in between
        BlockMeta meta;
        try (BlockWriter w = BlockWriter.open(other, 0, 10_000)) {
            w.add(startsBefore, new long[] {0, 400, 1000}, new double[] {1, 2, 3}, 0, 3);
            w.add(endsAfter, new long[] {500, 5000}, new double[] {1, 2}, 0, 2);
            w.add(spansTheRange, new long[] {0, 5000}, new double[] {1, 2}, 0, 2);
            meta = w.commit();
        }
        FrameCache cache = new FrameCache(1 << 20);
        try (Block b = Block.open(other.resolve(meta.ulid()), cache); Querier q = b.querier(300, 3000)) {
            List<Series> selected = q.select(List.of(Matcher.regex("s", "a|b")));
            assertEquals(List.of(startsBefore, endsAfter), selected.stream().map(Series::labels).toList());
            assertEquals(0, cache.misses(), "selected from the index alone");
            assertEquals(List.of(), q.select(List.of(Matcher.equal("s", "c"))));
            assertEquals(1, cache.misses(), "the piece spanning the whole range was decoded to find it empty there");
        }
    }

    @Test
    void everyMatcherKindAgreesWithTheReference() {
        for (long[] r : new long[][] {{0, 99_999}, {20_000, 20_400}}) {
            try (Querier q = block.querier(r[0], r[1]); Querier rq = ref.querier(r[0], r[1])) {
                for (List<Matcher> m : selectors()) {
                    assertEquals(BlockTestData.dump(rq, m, r[0], r[1]), BlockTestData.dump(q, m, r[0], r[1]), m.toString());
                    assertEquals(rq.labelValues("zone", m), q.labelValues("zone", m), m.toString());
                    assertEquals(rq.labelNames(m), q.labelNames(m), m.toString());
                }
            }
        }
    }

    @Test
    void blockSelectorAgreesWithTheSharedSelectorOverTheBlockIndex() {
        for (List<Matcher> m : selectors()) {
            assertEquals(dev.narthex.storage.index.PostingsSelector.select(block.index(), m), // same simple name as the block's
                    block.postings(m).toRoaringBitmap(), m.toString());
        }
    }

    @Test
    void repeatedRegexSelectionsComeFromTheCacheUnchanged() {
        List<Matcher> m = List.of(Matcher.regex("instance", "host-(1|2)\\d+"), Matcher.notRegex("path", "/api/v[12]"));
        try (Querier q = block.querier(0, 99_999); Querier rq = ref.querier(0, 99_999)) {
            List<String> want = BlockTestData.dump(rq, m, 0, 99_999);
            for (int i = 0; i < 3; i++) {
                assertEquals(want, BlockTestData.dump(q, m, 0, 99_999));
                // The caller owns the result: modifying it must not leak into the cache.
                block.postings(m).clear();
            }
        }
    }
}
