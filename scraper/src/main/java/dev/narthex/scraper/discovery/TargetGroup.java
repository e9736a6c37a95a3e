package dev.narthex.scraper.discovery;

import java.util.List;
import java.util.Map;

/**
 * A group of discovered targets as service discovery hands it over: one label set per target (holding at
 * least {@code __address__}), labels common to the group, and a source naming the group uniquely within
 * its provider (e.g. {@code file.yml:0}). Immutable.
 */
public record TargetGroup(List<Map<String, String>> targets, Map<String, String> labels, String source) {
    public TargetGroup {
        targets = targets.stream().map(Map::copyOf).toList();
        labels = Map.copyOf(labels);
    }
}
