package dev.narthex.storage.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.narthex.storage.Labels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactorTest {
    private static final long H = 3600_000L;

    @TempDir
    Path dir;

    private final List<Block> open = new ArrayList<>();

    @AfterEach
    void closeBlocks() {
        open.forEach(Block::close);
    }

    private Block block(long mint, long maxt) {
        try (BlockWriter w = BlockWriter.open(dir, mint, maxt)) {
            w.add(Labels.of("a", "b"), new long[] {mint}, new double[] {1}, 0, 1);
            Block b = Block.open(dir.resolve(w.commit().ulid()), new FrameCache(1 << 16));
            open.add(b);
            return b;
        }
    }

    @Test
    void rangesGrowByThreeUpToATenthOfRetention() {
        assertArrayEquals(new long[] {2 * H, 6 * H, 18 * H, 54 * H, 162 * H}, Compactor.ranges(1620 * H));
        assertArrayEquals(new long[] {2 * H, 6 * H, 18 * H}, Compactor.ranges(200 * H));
        assertArrayEquals(new long[] {2 * H}, Compactor.ranges(H));
        long[] unbounded = Compactor.ranges(0); // capped at 31 days = 744h
        assertEquals(486 * H, unbounded[unbounded.length - 1]);
    }

    @Test
    void plansLikePrometheus() {
        Compactor c = new Compactor(new long[] {2 * H, 6 * H, 18 * H});
        Block b0 = block(0, 2 * H);
        Block b1 = block(2 * H, 4 * H);
        assertEquals(List.of(), c.plan(List.of(b0, b1)), "the newest block is never compacted");
        Block b2 = block(4 * H, 6 * H);
        assertEquals(List.of(), c.plan(List.of(b0, b1, b2)), "the 6h window is not complete without the newest");
        Block b3 = block(6 * H, 8 * H);
        assertEquals(List.of(b0, b1, b2), c.plan(List.of(b3, b2, b1, b0)));
        Block overlap = block(H, 3 * H);
        assertEquals(List.of(b0, overlap, b1), c.plan(List.of(b0, b1, b2, b3, overlap)), "overlaps first");
    }

    @Test
    void splitByRangeAlignsWindowsAndSkipsOversizedBlocks() {
        Block b0 = block(0, 2 * H);
        Block big = block(4 * H, 12 * H);
        Block b2 = block(12 * H, 14 * H);
        Block b3 = block(14 * H, 16 * H);
        assertEquals(List.of(List.of(b0), List.of(b2, b3)), Compactor.splitByRange(List.of(b0, big, b2, b3), 6 * H));
    }
}
