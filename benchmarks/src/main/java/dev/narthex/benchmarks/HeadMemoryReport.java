package dev.narthex.benchmarks;

import com.sun.management.ThreadMXBean;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.head.Head;
import dev.narthex.storage.wal.FsyncPolicy;
import dev.narthex.storage.wal.Wal;
import dev.narthex.storage.wal.WalOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The head's memory and CPU under the scrape-scale load (benchmarks/scrape-scale): TARGETS targets of
 * SERIES series each ({@code bench_requests_total{code, path, shard}} with job and instance), scraped
 * ROUNDS times 10 s apart, one commit of SERIES samples per target and round, with a WAL (fsync in
 * batches, as the server runs it). Series are appended by labels in the first round and by the
 * returned refs afterwards, through a new appender per commit, as a scrape loop does. Prints, for the first round (series creation) and
 * for the later rounds (steady state): bytes allocated and CPU time per sample on the appending
 * thread; then the retained heap after full collections, per series and per sample.
 *
 * <p>Usage: {@code HeadMemoryReport [TARGETS SERIES ROUNDS]} (default 1000 1000 30); run with a heap
 * large enough to hold the head, e.g. {@code -Xmx4g -XX:+UseSerialGC}. Writes the WAL to a temporary
 * directory and deletes it at the end.
 */
public final class HeadMemoryReport {
    private static final long T0 = 1_700_000_000_000L;
    private static final long INTERVAL_MS = 10_000;
    private static final long TWO_HOURS_MS = 7_200_000L;

    private HeadMemoryReport() {
    }

    public static void main(String[] args) throws IOException {
        int targets = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int series = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long[] refs = new long[targets * series];
        Path walDir = Files.createTempDirectory("narthex-headmem");
        long baseline = retainedHeap();
        WalOptions walOptions = new WalOptions(WalOptions.DEFAULT_SEGMENT_SIZE, FsyncPolicy.BATCH, 1000);
        Head head = new Head(TWO_HOURS_MS, h -> Wal.open(walDir, walOptions, h));
        try {
            Labels.Builder b = Labels.builder();
            long[] first = measure(threads, tid, () -> {
                for (int t = 0; t < targets; t++) {
                    Appender app = head.appender();
                    for (int s = 0; s < series; s++) {
                        b.set("__name__", "bench_requests_total").set("job", "bench").set("instance", "t" + t)
                                .set("path", "/p" + (s % 100)).set("code", Integer.toString(200 + s / 100))
                                .set("shard", Integer.toString(s));
                        refs[t * series + s] = app.append(0, b.build(), timestamp(0, t), value(0, t, s));
                    }
                    app.commit();
                }
            });
            long[] steady = measure(threads, tid, () -> {
                for (int r = 1; r < rounds; r++) {
                    for (int t = 0; t < targets; t++) {
                        Appender app = head.appender();
                        long ts = timestamp(r, t);
                        int base = t * series;
                        for (int s = 0; s < series; s++) {
                            app.append(refs[base + s], null, ts, value(r, t, s));
                        }
                        app.commit();
                    }
                }
            });
            long retained = retainedHeap() - baseline;
            long n = (long) targets * series;
            System.out.printf("head of %d series x %d samples, WAL on%n", n, rounds);
            print("first round (creates series)", first, n);
            print("steady rounds", steady, n * (rounds - 1));
            System.out.printf("retained heap: %.1f MiB = %.1f B/series = %.2f B/sample%n",
                    retained / 1048576.0, (double) retained / n, (double) retained / (n * rounds));
            System.out.printf("WAL on disk: %.1f MiB%n", directorySize(walDir) / 1048576.0);
            if (Boolean.getBoolean("headmem.pause")) {
                System.out.println("paused for a heap histogram (pid " + ProcessHandle.current().pid() + "); press enter");
                System.in.read();
            }
        } finally {
            head.wal().close();
            deleteRecursively(walDir);
        }
    }

    private static long timestamp(int round, int target) {
        return T0 + round * INTERVAL_MS + target; // targets spread over the interval as a scrape pool does
    }

    /** Counter-like values that change every round, as the rotated expositions of scrape-scale do. */
    private static double value(int round, int target, int s) {
        return (round % 3 + 1) * 1000 + ((target * 31 + s * 17 + round * 7) % 1000);
    }

    /** Allocated bytes and CPU nanoseconds of this thread while {@code work} runs. */
    private static long[] measure(ThreadMXBean threads, long tid, Runnable work) {
        long alloc = threads.getThreadAllocatedBytes(tid);
        long cpu = threads.getThreadCpuTime(tid);
        work.run();
        return new long[] {threads.getThreadAllocatedBytes(tid) - alloc, threads.getThreadCpuTime(tid) - cpu};
    }

    private static void print(String what, long[] m, long samples) {
        System.out.printf("%s: %d samples, %.1f B allocated/sample, %.0f CPU ns/sample%n",
                what, samples, (double) m[0] / samples, (double) m[1] / samples);
    }

    private static long retainedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
