package dev.narthex.storage.tsdb;

import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.wal.FsyncPolicy;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child process of {@link TsdbCrashTest}: commits batch after batch and prints each batch id to
 * stdout only after its commit returned, until it is killed. Batch {@code b} holds one sample per
 * series {@code c{s="0".."SERIES-1"}} at timestamp {@code b} with value {@code b}.
 */
public final class CrashWriterMain {
    static final int SERIES = 20;

    private CrashWriterMain() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        FsyncPolicy policy = FsyncPolicy.valueOf(args[1]);
        long firstBatch = Long.parseLong(args[2]);
        Tsdb db = Tsdb.open(dir, TsdbOptions.defaults().withWalFsync(policy, Duration.ofMillis(20)).withWalSegmentSize(64 << 10));
        Labels[] labels = new Labels[SERIES];
        for (int s = 0; s < SERIES; s++) {
            labels[s] = Labels.of("__name__", "c", "s", Integer.toString(s));
        }
        long[] refs = new long[SERIES];
        for (long b = firstBatch; ; b++) {
            Appender app = db.appender();
            for (int s = 0; s < SERIES; s++) {
                refs[s] = app.append(refs[s], labels[s], b, b);
            }
            app.commit();
            System.out.println(b);
            System.out.flush();
        }
    }
}
