package dev.narthex.storage.block;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.ReferenceStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random series in several (partly overlapping) blocks, then compaction, deletions and tombstone cleaning:
 * after every step every random selector over random ranges must answer as the naive reference does.
 */
class BlockPropertyTest {
    private static final long H = 3600_000L;

    @TempDir
    Path root;

    @Test
    void blocksCompactionAndDeletionAgreeWithTheReference() throws Exception {
        for (int seed = 0; seed < 4; seed++) {
            Path dir = Files.createDirectories(root.resolve("s" + seed));
            run(new Random(seed), dir);
        }
    }

    private void run(Random r, Path dir) {
        ReferenceStorage ref = new ReferenceStorage();
        Map<Labels, TreeMap<Long, Double>> union = new TreeMap<>();
        int blocks = 3 + r.nextInt(4);
        for (int i = 0; i < blocks; i++) {
            long mint = i * 2 * H;
            long maxt = mint + 2 * H;
            if (r.nextInt(4) == 0) {
                mint -= H; // overlaps its predecessor, as a backfill would
            }
            BlockTestData d = BlockTestData.random(r, 20 + r.nextInt(40), mint, maxt, 30);
            // Where blocks overlap the newest block wins; keep the reference unambiguous by dropping clashes.
            d.series.forEach((l, s) -> {
                TreeMap<Long, Double> seen = union.get(l);
                if (seen != null) {
                    s.keySet().removeIf(seen::containsKey);
                }
            });
            d.series.values().removeIf(Map::isEmpty);
            d.series.forEach((l, s) -> union.computeIfAbsent(l, k -> new TreeMap<>()).putAll(s));
            d.write(dir, mint, maxt);
        }
        BlockTestData all = new BlockTestData();
        all.series.putAll(union);
        all.addTo(ref);
        try (BlockStore store = BlockStore.open(dir, new BlockStore.Options(1000 * H, 0, 1 << 20))) {
            compareAll(r, ref, store, "initial");
            store.compact();
            compareAll(r, ref, store, "compacted");
            for (int i = 0; i < 3; i++) {
                List<Matcher> m = randomSelector(r);
                long a = (long) (r.nextDouble() * blocks * 2 * H) - H;
                long b = a + (long) (r.nextDouble() * 4 * H);
                store.delete(m, a, b);
                ref.delete(m, a, b);
            }
            compareAll(r, ref, store, "deleted");
            store.compact();
            compareAll(r, ref, store, "compacted after delete");
            store.cleanTombstones();
            compareAll(r, ref, store, "tombstones cleaned");
        }
    }

    private static void compareAll(Random r, ReferenceStorage ref, BlockStore store, String phase) {
        for (int i = 0; i < 15; i++) {
            long a = (long) (r.nextDouble() * 14 * H) - H;
            long b = r.nextInt(5) == 0 ? Long.MAX_VALUE : a + (long) (r.nextDouble() * 6 * H);
            List<Matcher> m = randomSelector(r);
            try (Querier q = store.querier(a, b); Querier rq = ref.querier(a, b)) {
                String what = phase + " " + m + " [" + a + ", " + b + "]";
                assertEquals(BlockTestData.dump(rq, m, a, b), BlockTestData.dump(q, m, a, b), what);
                assertEquals(rq.labelNames(m), q.labelNames(m), what);
                assertEquals(rq.labelValues("zone", m), q.labelValues("zone", m), what);
                assertEquals(rq.labelValues("instance", List.of()), q.labelValues("instance", List.of()), what);
            }
        }
    }

    private static List<Matcher> randomSelector(Random r) {
        List<Matcher> out = new ArrayList<>();
        out.add(Matcher.regex("__name__", r.nextBoolean() ? ".+" : "metric_[0-" + r.nextInt(7) + "]"));
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
            String[] names = {"job", "instance", "zone", "path", "nolabel"};
            String name = names[r.nextInt(names.length)];
            String value = switch (name) {
                case "job" -> "job" + r.nextInt(4);
                case "instance" -> "host-" + r.nextInt(60);
                case "zone" -> r.nextInt(3) == 0 ? "" : "z" + r.nextInt(5);
                case "path" -> "/api/v" + r.nextInt(12);
                default -> "x";
            };
            String regex = switch (r.nextInt(5)) {
                case 0 -> value;
                case 1 -> value + "|" + value + "1";
                case 2 -> value.isEmpty() ? ".*" : value.substring(0, 1 + r.nextInt(value.length())) + ".*";
                case 3 -> value + "|";
                default -> ".*" + (value.isEmpty() ? "" : value.substring(value.length() - 1));
            };
            out.add(switch (r.nextInt(4)) {
                case 0 -> Matcher.equal(name, value);
                case 1 -> Matcher.notEqual(name, value);
                case 2 -> Matcher.regex(name, regex);
                default -> Matcher.notRegex(name, regex);
            });
        }
        return out;
    }
}
