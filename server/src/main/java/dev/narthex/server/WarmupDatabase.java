package dev.narthex.server;

import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.StaleNaN;
import dev.narthex.storage.tsdb.Tsdb;
import dev.narthex.storage.tsdb.TsdbOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

/**
 * The synthetic database {@link QueryWarmup} queries, never the user's data. Two parts over the same five hours:
 * <ul>
 *   <li>a few tiny series ({@code warm_gauge}, {@code warm_requests_total}, {@code warm_duration_seconds_bucket})
 *   with one sample a minute, cheap enough to run every expression shape many times;</li>
 *   <li>a fleet of {@value #INSTANCES} scraped nodes ({@code warm_cpu_seconds_total} by mode, {@code warm_cores},
 *   {@code warm_latency_seconds_bucket}) sampled like real scrapes: every 15 s with a per-target offset and
 *   ±40 ms of jitter, counters with two decimals, one target restarting (its counters reset) and one with an
 *   outage. Selections of hundreds of series and thousands of samples take the paths real dashboards take:
 *   parallel per-series work, long decode loops, irregular timestamps, counter resets, gaps.</li>
 * </ul>
 * In a directory the older hours are flushed into blocks and the rest stays in the head, so both read paths
 * are exercised. Deterministic: a fixed seed.
 */
final class WarmupDatabase {
    static final long START_MS = 1_700_000_000_000L;
    static final long SMALL_STEP_MS = 60_000;
    static final int SMALL_SAMPLES = 300;
    static final long END_MS = START_MS + (SMALL_SAMPLES - 1) * SMALL_STEP_MS;
    static final int INSTANCES = 24;
    private static final long SCRAPE_MS = 15_000;
    private static final String[] MODES = {"idle", "user", "system", "iowait", "irq", "softirq", "steal", "nice"};
    private static final String[] SMALL_LES = {"0.1", "0.5", "1.0", "+Inf"};
    private static final String[] FLEET_LES = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "1", "+Inf"};

    private WarmupDatabase() {
    }

    /** A new database in {@code dir} (blocks and head), or in memory when {@code dir} is null. */
    static Tsdb create(Path dir) {
        Tsdb db = dir == null ? Tsdb.inMemory() : Tsdb.open(dir,
                TsdbOptions.defaults().withRetention(Duration.ofDays(36_500)), false);
        Appender app = db.appender();
        appendSmall(app);
        appendFleet(app);
        app.commit();
        if (dir != null) {
            db.flushHead();
        }
        return db;
    }

    /** Two jobs of three instances: counters with codes, a gauge, and a histogram, one sample a minute. */
    private static void appendSmall(Appender app) {
        for (String job : new String[] {"api", "web"}) {
            for (int i = 0; i < 3; i++) {
                String instance = job + "-" + i + ":8080";
                for (int s = 0; s < SMALL_SAMPLES; s++) {
                    long t = START_MS + s * SMALL_STEP_MS;
                    app.append(0, Labels.of("__name__", "warm_gauge", "job", job, "instance", instance), t,
                            Math.sin(s / 10.0 + i) * 10);
                    for (String code : new String[] {"200", "500"}) {
                        app.append(0, Labels.of("__name__", "warm_requests_total", "job", job, "instance", instance,
                                "code", code), t, s * (code.equals("200") ? 7 : 1) + i);
                    }
                    for (int b = 0; b < SMALL_LES.length; b++) {
                        app.append(0, Labels.of("__name__", "warm_duration_seconds_bucket", "job", job,
                                "instance", instance, "le", SMALL_LES[b]), t, s * (b + 1));
                    }
                }
            }
        }
    }

    /** The fleet, one target at a time, scrape by scrape. */
    private static void appendFleet(Appender app) {
        Random rng = new Random(42);
        int scrapes = (int) ((END_MS - START_MS) / SCRAPE_MS) + 1;
        for (int target = 0; target < INSTANCES; target++) {
            new FleetTarget(target, rng).append(app, scrapes);
        }
    }

    /**
     * One scraped node: CPU counters by mode, a latency histogram and a few gauges. Its life may have events:
     * target 1 restarts (counters reset), target 2 has a ten-minute outage, target 3 is decommissioned after
     * 40% of the span (its series exist in older blocks only), target 4 is deployed at 80% (head only); the
     * outage and the decommissioning end the series with stale markers, as a scraper writes them; any
     * scrape may be missed, and one histogram scrape in a hundred reads its buckets out of step (a lower
     * bucket above a higher one), as real scrapes racing the instrumented code do.
     */
    private static final class FleetTarget {
        private final Random rng;
        private final Labels[] labels;
        private final long[] refs;
        private final double[] cpu = new double[MODES.length];
        private final double[] buckets = new double[FLEET_LES.length];
        private final long offset;
        private final double cores;
        private final int index;

        FleetTarget(int index, Random rng) {
            this.index = index;
            this.rng = rng;
            String job = index % 2 == 0 ? "node" : "db";
            String instance = job + "-" + index / 2 + ":9100";
            labels = new Labels[4 + MODES.length + FLEET_LES.length];
            labels[0] = gauge("warm_cores", job, instance);
            labels[1] = gauge("warm_memory_available_bytes", job, instance);
            labels[2] = gauge("warm_boot_time_seconds", job, instance);
            labels[3] = gauge("warm_temperature_celsius", job, instance);
            for (int m = 0; m < MODES.length; m++) {
                labels[4 + m] = Labels.of("__name__", "warm_cpu_seconds_total", "job", job, "instance", instance,
                        "mode", MODES[m]);
            }
            for (int b = 0; b < FLEET_LES.length; b++) {
                labels[4 + MODES.length + b] = Labels.of("__name__", "warm_latency_seconds_bucket", "job", job,
                        "instance", instance, "le", FLEET_LES[b]);
            }
            refs = new long[labels.length];
            offset = 100 + rng.nextInt(800);
            cores = index % 3 == 0 ? 8 : 4;
        }

        private static Labels gauge(String name, String job, String instance) {
            return Labels.of("__name__", name, "job", job, "instance", instance);
        }

        void append(Appender app, int scrapes) {
            int first = index == 4 ? scrapes * 4 / 5 : 0;
            int last = index == 3 ? scrapes * 2 / 5 : scrapes;
            int outage = index == 2 ? scrapes / 2 : -1;
            long bootTime = START_MS / 1000 - 10_000L * (index + 1);
            for (int s = first; s < last; s++) {
                if (s == outage || s == last - 1 && last < scrapes) {
                    // A failed scrape, or the last one before the target went away: stale markers, as a scraper writes.
                    markStale(app, START_MS + s * SCRAPE_MS + offset);
                    continue;
                }
                if ((outage >= 0 && s > outage && s < outage + 40) || rng.nextInt(300) == 0) {
                    continue;
                }
                if (index == 1 && s == scrapes * 2 / 5) {
                    Arrays.fill(cpu, 0);
                    Arrays.fill(buckets, 0);
                    bootTime = (START_MS + s * SCRAPE_MS) / 1000;
                }
                long t = START_MS + s * SCRAPE_MS + offset + rng.nextInt(81) - 40;
                put(app, 0, t, cores);
                put(app, 1, t, 4096.0 * (1_000_000 + rng.nextInt(50_000)));
                put(app, 2, t, bootTime);
                double temperature = 40 + rng.nextInt(200) / 10.0;
                put(app, 3, t, rng.nextInt(50) == 0 ? temperature + rng.nextDouble() : temperature);
                for (int m = 0; m < MODES.length; m++) {
                    cpu[m] += Math.round((m == 0 ? 14 * cores : rng.nextDouble() * cores) * 100) / 100.0;
                    put(app, 4 + m, t, cpu[m]);
                }
                int requests = rng.nextInt(50);
                boolean torn = rng.nextInt(100) == 0;
                for (int b = 0; b < FLEET_LES.length; b++) {
                    buckets[b] += requests * (b + 1) / FLEET_LES.length;
                    double v = torn && b == FLEET_LES.length / 2 ? buckets[b + 1] + requests : buckets[b];
                    put(app, 4 + MODES.length + b, t, v);
                }
            }
        }

        private void markStale(Appender app, long t) {
            for (int series = 0; series < labels.length; series++) {
                put(app, series, t, StaleNaN.VALUE);
            }
        }

        private void put(Appender app, int series, long t, double v) {
            refs[series] = app.append(refs[series], labels[series], t, v);
        }
    }
}
