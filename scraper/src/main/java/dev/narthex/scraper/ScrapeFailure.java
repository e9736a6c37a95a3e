package dev.narthex.scraper;

/** A failed scrape; the message is what Prometheus shows as the target's lastError. */
final class ScrapeFailure extends Exception {
    ScrapeFailure(String message) {
        super(message, null, false, false);
    }
}
