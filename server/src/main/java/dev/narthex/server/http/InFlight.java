package dev.narthex.server.http;

/** Counts requests being processed so that shutdown can wait for them. Thread-safe. */
final class InFlight {
    private int count;

    synchronized void begin() {
        count++;
    }

    synchronized void end() {
        if (--count == 0) {
            notifyAll();
        }
    }

    synchronized int count() {
        return count;
    }

    /** Waits until no request runs or the time is up; true when idle. */
    synchronized boolean awaitIdle(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (count > 0) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
