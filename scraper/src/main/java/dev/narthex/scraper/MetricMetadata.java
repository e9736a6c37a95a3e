package dev.narthex.scraper;

/** A metric family's metadata as a target exposes it: type, help and unit ("" when not given). */
public record MetricMetadata(String metric, String type, String help, String unit) {
}
