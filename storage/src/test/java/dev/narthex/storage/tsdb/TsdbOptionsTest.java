package dev.narthex.storage.tsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TsdbOptionsTest {
    @Test
    void defaultFrameCacheIsABoundedShareOfTheHeap() {
        long expected = Math.max(16L << 20, Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8));
        assertEquals(expected, TsdbOptions.defaults().frameCacheBytes());
        assertTrue(TsdbOptions.defaultFrameCacheBytes() >= 16L << 20 && TsdbOptions.defaultFrameCacheBytes() <= 64L << 20);
    }

    @Test
    void withFrameCacheBytesChangesOnlyTheCacheSize() {
        TsdbOptions base = TsdbOptions.defaults().withRetention(Duration.ofDays(3)).withRetentionBytes(1000);
        TsdbOptions o = base.withFrameCacheBytes(5);
        assertEquals(5, o.frameCacheBytes());
        assertEquals(base, o.withFrameCacheBytes(base.frameCacheBytes()));
        assertEquals(o.frameCacheBytes(), o.withBlockRange(Duration.ofHours(1)).withWalSegmentSize(1 << 20).frameCacheBytes());
    }

    @Test
    void rejectsANegativeFrameCacheSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TsdbOptions.defaults().withFrameCacheBytes(-1));
        assertEquals("frame cache size must not be negative, got -1", e.getMessage());
    }
}
