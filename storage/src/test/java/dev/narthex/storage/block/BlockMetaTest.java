package dev.narthex.storage.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.narthex.storage.StorageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockMetaTest {
    private static final Path FILE = Path.of("b", "meta.json");

    @Test
    void jsonRoundTripsEveryField() {
        String a = Ulid.next();
        String b = Ulid.next();
        BlockMeta m = new BlockMeta(b, -5, 7_200_000, 3, 400, 9, 2, List.of(a, b),
            List.of(new BlockMeta.Parent(a, -5, 10), new BlockMeta.Parent(b, 10, 7_200_000)));
        String json = m.toJson();
        assertTrue(json.contains("\"minTime\": -5"), json);
        assertTrue(json.contains("\"stats\": {\"numSamples\": 400, \"numSeries\": 3, \"numChunks\": 9}"), json);
        BlockMeta back = BlockMeta.parse(FILE, json);
        assertEquals(json, back.toJson());
        assertEquals(List.of(a, b), back.sources());
        assertEquals(new BlockMeta.Parent(b, 10, 7_200_000), back.parents().get(1));
        assertEquals(2, back.level());
    }

    @Test
    void changedNumberFailsTheChecksum() {
        String json = new BlockMeta(Ulid.next(), 0, 100, 1, 2, 1, 1, List.of(), List.of()).toJson();
        StorageException.Corruption e = assertThrows(StorageException.Corruption.class,
            () -> BlockMeta.parse(FILE, json.replace("\"maxTime\": 100", "\"maxTime\": 900")));
        assertTrue(e.getMessage().contains("meta checksum mismatch"), e.getMessage());
        e = assertThrows(StorageException.Corruption.class, () -> BlockMeta.parse(FILE, json.replace("\"minTime\": 0,", "\"minTime\": 0")));
        assertTrue(e.getMessage().contains(FILE + " at offset "), e.getMessage());
    }

    @Test
    void ulidsAreValidUniqueAndSortByTime() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(Ulid.next(4_000_000_000_000L + i / 100));
        }
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i - 1).compareTo(ids.get(i)) < 0, ids.get(i - 1) + " < " + ids.get(i));
            assertTrue(Ulid.isValid(ids.get(i)));
        }
        long t = 0;
        for (char c : ids.get(999).substring(0, 10).toCharArray()) {
            t = t * 32 + "0123456789ABCDEFGHJKMNPQRSTVWXYZ".indexOf(c);
        }
        assertEquals(4_000_000_000_009L, t);
        assertFalse(Ulid.isValid("01HF"));
        assertFalse(Ulid.isValid("01HFUUUUUUUUUUUUUUUUUUUUUU"));
    }
}
