package dev.narthex.storage.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class PostingsSelectorTest {

    @Test
    void selectionMatchesBruteForceWithEmptyValueSemantics() {
        Random r = new Random(3);
        String[] names = {"__name__", "job", "env", "path"};
        String[][] values = {{"up", "http_requests", "cpu"}, {"api", "db", "web"}, {"prod", "dev", ""}, {"/a", "/b", "/api/x", ""}};
        MemPostings postings = new MemPostings();
        List<Labels> all = new ArrayList<>();
        for (int id = 1; id <= 300; id++) {
            Labels.Builder b = Labels.builder();
            for (int n = 0; n < names.length; n++) {
                b.set(names[n], values[n][r.nextInt(values[n].length)]);
            }
            Labels l = b.build();
            all.add(l);
            postings.add(id, l);
        }
        postings.remove(7, all.get(6));
        String[] patterns = {"api", "api|db", "", "prod|", ".*", ".+", "/a.*", "d.*", "x", "(api|web)", "/.*x"};
        for (int round = 0; round < 500; round++) {
            List<Matcher> ms = new ArrayList<>();
            int k = r.nextInt(3);
            for (int i = 0; i <= k; i++) {
                Matcher.Type type = Matcher.Type.values()[r.nextInt(4)];
                ms.add(Matcher.of(type, names[r.nextInt(names.length)], patterns[r.nextInt(patterns.length)]));
            }
            RoaringBitmap expected = new RoaringBitmap();
            for (int id = 1; id <= all.size(); id++) {
                if (id == 7) {
                    continue;
                }
                Labels l = all.get(id - 1);
                if (ms.stream().allMatch(m -> m.matches(l.get(m.name())))) {
                    expected.add(id);
                }
            }
            assertEquals(expected, postings.select(ms), ms.toString());
        }
    }
}
