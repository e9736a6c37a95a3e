package dev.narthex.server.config;

import dev.narthex.storage.Labels;
import java.util.List;

/** One entry of {@code static_configs}: target addresses and the labels they share. */
public record StaticConfig(List<String> targets, Labels labels) {
    public StaticConfig {
        targets = List.copyOf(targets);
    }
}
