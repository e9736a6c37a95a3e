package dev.narthex.server.metrics;

/** A gauge of constant value 1 whose labels carry information, as {@code prometheus_build_info}. */
public final class InfoMetric implements Collector {
    private final String name;
    private final String help;
    private final String[] labelNames;
    private final String[] labelValues;

    public InfoMetric(String name, String help, String[] labelNames, String[] labelValues) {
        this.name = name;
        this.help = help;
        this.labelNames = labelNames.clone();
        this.labelValues = labelValues.clone();
    }

    @Override
    public void collect(StringBuilder out) {
        TextFormat.header(out, name, help, "gauge");
        TextFormat.sample(out, name, labelNames, labelValues, null, null, 1);
    }
}
