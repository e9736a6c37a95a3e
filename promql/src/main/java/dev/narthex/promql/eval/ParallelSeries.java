package dev.narthex.promql.eval;

import dev.narthex.storage.SampleBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent per-series work (reading, decoding, per-series functions) on the query's thread and
 * on helper threads shared by all queries, one per further core. Results land at their series' index,
 * so the outcome is the same as a sequential loop. The query's thread always works too, so a query
 * finishes even when every helper is busy with other queries.
 */
final class ParallelSeries {
    /** Work on series {@code i} with a buffer owned by the calling thread for the duration of the call. */
    interface Work<T> {
        T apply(int i, SampleBuffer buffer);
    }

    private static final int HELPERS = Math.max(0, Integer.getInteger("narthex.query.threads",
        Runtime.getRuntime().availableProcessors()) - 1);
    private static final ExecutorService POOL = HELPERS == 0 ? null : Executors.newFixedThreadPool(HELPERS, r -> {
        Thread t = new Thread(r, "narthex-query-helper");
        t.setDaemon(true);
        return t;
    });
    /** Below this many series the hand-off costs more than it saves. */
    private static final int MIN_SERIES = 16;
    /**
     * Below this much estimated work (samples read or steps computed, over all series) the hand-off costs
     * more than it saves: waking a helper is tens of microseconds on an idle machine, milliseconds on a
     * busy one, while a sample costs nanoseconds. Typical instant queries stay on the query's thread.
     */
    private static final long MIN_WORK = 64 * 1024;
    /**
     * Each thread's buffer between calls: a fresh one per call regrew to a day's samples for every batch
     * of every fold (a fifth of all allocation in the heavy queries). Larger buffers are not kept, so one
     * long range does not pin memory in every query thread.
     */
    private static final ThreadLocal<SampleBuffer> BUFFERS = new ThreadLocal<>();
    private static final int MAX_KEPT_SAMPLES = 1 << 15;

    private ParallelSeries() {
    }

    /** Applies {@code work} to series {@code 0..n-1}; element i of the result is work's result for series i. */
    static Object[] map(EvalContext ctx, int n, Work<?> work) {
        return map(ctx, n, Long.MAX_VALUE, work);
    }

    /**
     * As {@link #map(EvalContext, int, Work)}, on the calling thread alone when {@code n * workPerSeries}
     * (an estimate of samples or steps per series) is too small to repay the hand-off to helpers.
     */
    static Object[] map(EvalContext ctx, int n, long workPerSeries, Work<?> work) {
        Object[] out = new Object[n];
        if (POOL == null || n < MIN_SERIES || workPerSeries < MIN_WORK / n) {
            SampleBuffer buffer = takeBuffer();
            for (int i = 0; i < n; i++) {
                ctx.checkCancelled();
                out[i] = work.apply(i, buffer);
            }
            keepBuffer(buffer);
            return out;
        }
        Job job = new Job(ctx, n, work, out);
        for (int h = 0; h < HELPERS; h++) {
            POOL.execute(job::help);
        }
        try {
            job.run();
        } finally {
            job.closeAndAwait();
        }
        job.rethrow();
        return out;
    }

    /** The thread's kept buffer, or a new one; taken out so that a nested call on this thread gets its own. */
    private static SampleBuffer takeBuffer() {
        SampleBuffer b = BUFFERS.get();
        if (b == null) {
            return new SampleBuffer(256);
        }
        BUFFERS.set(null);
        return b;
    }

    private static void keepBuffer(SampleBuffer b) {
        if (b.timestamps().length <= MAX_KEPT_SAMPLES) {
            b.clear();
            BUFFERS.set(b);
        }
    }

    /** One map call: series are claimed in small chunks from a shared counter. */
    private static final class Job {
        private final EvalContext ctx;
        private final int n;
        private final Work<?> work;
        private final Object[] out;
        private final int chunk;
        private final AtomicInteger next = new AtomicInteger();
        private volatile boolean stopped;
        private int running;
        private boolean closed;
        private Throwable failure;

        Job(EvalContext ctx, int n, Work<?> work, Object[] out) {
            this.ctx = ctx;
            this.n = n;
            this.work = work;
            this.out = out;
            this.chunk = Math.max(1, n / ((HELPERS + 1) * 16));
        }

        void run() {
            try {
                loop();
            } catch (RuntimeException | Error e) {
                stopped = true;
                throw e;
            }
        }

        void help() {
            if (!enter()) {
                return;
            }
            try {
                loop();
            } catch (Throwable e) {
                stopped = true;
                fail(e);
            } finally {
                exit();
            }
        }

        private void loop() {
            SampleBuffer buffer = takeBuffer();
            while (!stopped) {
                int from = next.getAndAdd(chunk);
                if (from >= n) {
                    keepBuffer(buffer);
                    return;
                }
                ctx.checkCancelled();
                int to = Math.min(n, from + chunk);
                for (int i = from; i < to; i++) {
                    out[i] = work.apply(i, buffer);
                }
            }
        }

        private synchronized boolean enter() {
            if (closed) {
                return false;
            }
            running++;
            return true;
        }

        private synchronized void exit() {
            running--;
            notifyAll();
        }

        private synchronized void fail(Throwable e) {
            if (failure == null) {
                failure = e;
            }
        }

        /** No helper starts after this; waits for the running ones, whose writes to {@code out} it then sees. */
        synchronized void closeAndAwait() {
            closed = true;
            boolean interrupted = false;
            while (running > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized void rethrow() {
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        }
    }
}
