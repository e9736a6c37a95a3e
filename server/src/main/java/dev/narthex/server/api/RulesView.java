package dev.narthex.server.api;

import dev.narthex.engine.rules.RuleSnapshot;
import java.util.List;

/** What {@code /api/v1/rules}, {@code /alerts} and {@code /alertmanagers} report. Implementations are thread-safe. */
public interface RulesView {
    /** A server without rules or Alertmanagers. */
    RulesView NONE = new RulesView() {
        @Override
        public List<RuleSnapshot.Group> groups() {
            return List.of();
        }

        @Override
        public List<String> alertmanagers() {
            return List.of();
        }
    };

    /** Rule groups in file then group order, with their rules and active alerts. */
    List<RuleSnapshot.Group> groups();

    /** URLs ({@code http://host:port/api/v2/alerts}) of the Alertmanagers notifications go to. */
    List<String> alertmanagers();
}
