package dev.narthex.storage.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.ReferenceStorage;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameCacheWarmingTest {
    private static final long H = 3600_000L;
    private static final List<Matcher> ALL = List.of(Matcher.regex("__name__", ".+"));

    @TempDir
    Path dir;

    private void writeBlocks(int n, ReferenceStorage ref) {
        Random r = new Random(5);
        for (int i = 0; i < n; i++) {
            BlockTestData d = BlockTestData.random(r, 40, i * 2 * H, (i + 1) * 2 * H, 40);
            d.write(dir, i * 2 * H, (i + 1) * 2 * H);
            d.addTo(ref);
        }
    }

    @Test
    void newestBlocksAreLoadedWithinHalfTheCacheAndServeQueriesWithoutMisses() {
        ReferenceStorage ref = new ReferenceStorage();
        writeBlocks(3, ref);
        long newestFrames;
        try (BlockStore probe = BlockStore.open(dir, new BlockStore.Options(1000 * H, 0, 64 << 20))) {
            newestFrames = probe.blocks().get(2).frameBytes();
        }
        // Room for the newest block's frames in half the cache, not for two blocks' frames.
        long cacheBytes = 2 * newestFrames + newestFrames / 2;
        try (BlockStore store = BlockStore.open(dir, new BlockStore.Options(1000 * H, 0, cacheBytes))) {
            FrameCache cache = store.frameCache();
            assertEquals(newestFrames, store.warmFrameCache());
            assertEquals(newestFrames, cache.sizeBytes());
            long misses = cache.misses();
            long mint = 4 * H;
            long maxt = 6 * H - 1;
            try (Querier q = store.querier(mint, maxt); Querier rq = ref.querier(mint, maxt)) {
                assertEquals(BlockTestData.dump(rq, ALL, mint, maxt), BlockTestData.dump(q, ALL, mint, maxt));
            }
            assertEquals(misses, cache.misses(), "the newest block's frames were all cached");
            assertTrue(cache.hits() > 0);
            try (Querier q = store.querier(0, 2 * H - 1)) {
                SampleBuffer b = new SampleBuffer();
                for (Series s : q.select(ALL)) {
                    s.read(0, 2 * H - 1, b);
                }
            }
            assertTrue(cache.misses() > misses, "the oldest block was not loaded");
        }
    }
}
