package dev.narthex.storage.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import dev.narthex.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorruptionTest {
    @TempDir
    Path dir;

    private Path blockDir;

    @BeforeEach
    void setUp() {
        BlockTestData d = BlockTestData.random(new Random(5), 150, 0, 1_000_000, 200);
        blockDir = dir.resolve(d.write(dir, 0, 1_000_000).ulid());
        try (Block b = open()) {
            b.delete(List.of(Matcher.equal("job", "job1")), 10, 20_000);
        }
    }

    private Block open() {
        return Block.open(blockDir, new FrameCache(1 << 20));
    }

    private void assertCorruptOnOpen(String file, String context) {
        StorageException.Corruption e = assertThrows(StorageException.Corruption.class, this::open, context);
        assertTrue(e.getMessage().contains(blockDir.resolve(file).toString()), e.getMessage());
        assertTrue(e.getMessage().matches(".* at offset \\d+: .*"), e.getMessage());
    }

    private void everyFlipIsCaughtOnOpen(String file, int step) throws IOException {
        Path p = blockDir.resolve(file);
        byte[] orig = Files.readAllBytes(p);
        for (int i = 0; i < orig.length; i += step) {
            byte[] bad = orig.clone();
            bad[i] ^= 0x5A;
            Files.write(p, bad);
            assertCorruptOnOpen(file, file + " byte " + i + " of " + orig.length);
        }
        Files.write(p, orig);
        open().close();
    }

    @Test
    void flippedIndexByteIsReportedOnOpen() throws IOException {
        everyFlipIsCaughtOnOpen(BlockWriter.INDEX, 31);
    }

    @Test
    void flippedMetaByteIsReportedOnOpen() throws IOException {
        everyFlipIsCaughtOnOpen(BlockWriter.META, 1);
    }

    @Test
    void flippedTombstonesByteIsReportedOnOpen() throws IOException {
        everyFlipIsCaughtOnOpen(BlockWriter.TOMBSTONES, 3);
    }

    @Test
    void flippedChunkFrameTableIsReportedOnOpen() throws IOException {
        Path p = blockDir.resolve(BlockWriter.CHUNKS);
        byte[] orig = Files.readAllBytes(p);
        for (int i : new int[] {0, 4, orig.length - 1, orig.length - 10, orig.length - 30}) {
            byte[] bad = orig.clone();
            bad[i] ^= 0x5A;
            Files.write(p, bad);
            assertCorruptOnOpen(BlockWriter.CHUNKS, "chunks byte " + i);
        }
    }

    @Test
    void flippedChunkFrameIsReportedWhenRead() throws IOException {
        Path p = blockDir.resolve(BlockWriter.CHUNKS);
        byte[] bad = Files.readAllBytes(p);
        bad[FileFormat.HEADER_SIZE + 100] ^= 0x5A;
        Files.write(p, bad);
        try (Block b = open(); Querier q = b.querier(0, 1_000_000)) {
            List<Series> all = q.select(List.of(Matcher.equal("instance", "host-0")));
            StorageException.Corruption e = assertThrows(StorageException.Corruption.class,
                () -> all.get(0).read(0, 1_000_000, new SampleBuffer()));
            assertTrue(e.getMessage().contains(p + " at offset " + FileFormat.HEADER_SIZE + ": frame 0 checksum mismatch"), e.getMessage());
        }
    }

    @Test
    void truncatedFilesAreReportedOnOpen() throws IOException {
        for (String file : List.of(BlockWriter.INDEX, BlockWriter.CHUNKS, BlockWriter.TOMBSTONES, BlockWriter.META)) {
            Path p = blockDir.resolve(file);
            byte[] orig = Files.readAllBytes(p);
            // meta.json may lose its final newline and still be whole; every other byte counts.
            int last = file.equals(BlockWriter.META) ? orig.length - 2 : orig.length - 1;
            for (int len : new int[] {0, 3, orig.length / 2, last}) {
                Files.write(p, Arrays.copyOf(orig, len));
                assertCorruptOnOpen(file, file + " truncated to " + len);
            }
            Files.write(p, orig);
        }
        try (Block b = open()) {
            assertEquals(150, b.meta().numSeries());
        }
    }

    @Test
    void missingFileIsReported() throws IOException {
        Files.delete(blockDir.resolve(BlockWriter.INDEX));
        assertCorruptOnOpen(BlockWriter.INDEX, "missing index");
    }
}
