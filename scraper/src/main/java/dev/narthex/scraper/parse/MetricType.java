package dev.narthex.scraper.parse;

/** Metric family types of the text formats, with the spelling Prometheus uses in metadata. */
public enum MetricType {
    COUNTER("counter"),
    GAUGE("gauge"),
    HISTOGRAM("histogram"),
    GAUGE_HISTOGRAM("gaugehistogram"),
    SUMMARY("summary"),
    INFO("info"),
    STATESET("stateset"),
    UNKNOWN("unknown");

    private final String text;

    MetricType(String text) {
        this.text = text;
    }

    /** The name as Prometheus reports it in its metadata API. */
    public String text() {
        return text;
    }
}
