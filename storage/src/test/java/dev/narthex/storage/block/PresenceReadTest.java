package dev.narthex.storage.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import dev.narthex.storage.StaleNaN;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Series#readPresence} gives the samples and stale markers {@link Series#read} gives, apart, for blocks and merges. */
class PresenceReadTest {
    @TempDir
    Path dir;

    private final FrameCache cache = new FrameCache(1 << 20);
    private final Random random = new Random(11);

    /** A block of series s0..s{n-1}, scraped every 15 s in {@code [mint, maxt)}, with gaps ended by stale markers. */
    private Block block(long mint, long maxt, int series, int stalePercent) {
        try (BlockWriter w = BlockWriter.open(dir, mint, maxt)) {
            for (int s = 0; s < series; s++) {
                SampleBuffer b = new SampleBuffer();
                double counter = s * 100;
                for (long t = mint + s; t < maxt; t += 15_000) {
                    boolean stale = random.nextInt(100) < stalePercent;
                    b.add(t, stale ? StaleNaN.VALUE : (counter += random.nextInt(5) * (s % 3 == 0 ? 0.37 : 1)));
                }
                w.add(Labels.of("__name__", "m", "s", String.format("%02d", s)), b);
            }
            return Block.open(dir.resolve(w.commit().ulid()), cache);
        }
    }

    private static void assertSameReads(Querier q, long mint, long maxt) {
        List<Series> selected = q.select(List.of(Matcher.equal("__name__", "m")));
        assertTrue(selected.size() > 0);
        SampleBuffer full = new SampleBuffer();
        SampleBuffer presence = new SampleBuffer();
        int stale = 0;
        for (Series s : selected) {
            full.clear();
            s.read(mint, maxt, full);
            presence.clear();
            s.readPresence(mint, maxt, presence);
            List<Long> samples = new ArrayList<>();
            List<Long> staleTimes = new ArrayList<>();
            for (int i = 0; i < full.size(); i++) {
                (StaleNaN.is(full.value(i)) ? staleTimes : samples).add(full.timestamp(i));
            }
            stale += staleTimes.size();
            List<Long> presentTimes = new ArrayList<>();
            for (int i = 0; i < presence.size(); i++) {
                presentTimes.add(presence.timestamp(i));
            }
            List<Long> presentStale = new ArrayList<>();
            for (int i = 0; i < presence.staleCount(); i++) {
                presentStale.add(presence.staleTimes()[i]);
            }
            assertEquals(samples, presentTimes, s.labels() + " samples");
            assertEquals(staleTimes, presentStale, s.labels() + " stale markers");
        }
        assertTrue(stale > 0, "the data holds stale markers");
    }

    @Test
    void blockReadsAgreeOnWholeAndPartialRanges() {
        try (Block b = block(0, 4 * 3600_000L, 20, 3); Querier q = b.querier(0, Long.MAX_VALUE)) {
            assertSameReads(q, 0, Long.MAX_VALUE);
            assertSameReads(q, 1_000_000, 2_000_000);
        }
    }

    @Test
    void tombstonedSamplesAreLeftOutOfBoth() {
        try (Block b = block(0, 2 * 3600_000L, 10, 5)) {
            b.delete(List.of(Matcher.equal("s", "03")), 600_000, 1_200_000);
            try (Querier q = b.querier(0, Long.MAX_VALUE)) {
                assertSameReads(q, 0, Long.MAX_VALUE);
                Series s3 = q.select(List.of(Matcher.equal("s", "03"))).get(0);
                SampleBuffer buf = new SampleBuffer();
                s3.readPresence(0, Long.MAX_VALUE, buf);
                for (int i = 0; i < buf.size(); i++) {
                    assertTrue(buf.timestamp(i) < 600_000 || buf.timestamp(i) > 1_200_000, "deleted sample at " + buf.timestamp(i));
                }
            }
        }
    }

    @Test
    void mergedBlocksAgreeWhereTheyOverlapAndWhereTheyDoNot() {
        List<Block> blocks = new ArrayList<>();
        blocks.add(block(0, 2 * 3600_000L, 12, 4));
        blocks.add(block(3600_000L, 3 * 3600_000L, 8, 4));   // overlaps the first
        blocks.add(block(3 * 3600_000L, 5 * 3600_000L, 12, 4));
        List<Querier> queriers = new ArrayList<>();
        for (Block b : blocks) {
            queriers.add(b.querier(0, Long.MAX_VALUE));
        }
        try (Querier q = new MergeQuerier(queriers)) {
            assertSameReads(q, 0, Long.MAX_VALUE);
            assertSameReads(q, 3000_000L, 12_000_000L);
        } finally {
            blocks.forEach(Block::close);
        }
    }
}
