package dev.narthex.server.api;

import dev.narthex.scraper.ScrapeManager;
import java.util.List;

/**
 * What the targets, metadata and scrape-pool endpoints read from the scraper: snapshots, safe to call from
 * any thread. {@link #of} reads a running {@link ScrapeManager}; {@link #NONE} is a server that scrapes nothing.
 */
public interface ScrapeView {
    ScrapeView NONE = new ScrapeView() {
        @Override
        public List<String> scrapePools() {
            return List.of();
        }

        @Override
        public List<ScrapeManager.ActiveTarget> activeTargets() {
            return List.of();
        }

        @Override
        public List<ScrapeManager.DroppedTarget> droppedTargets() {
            return List.of();
        }

        @Override
        public List<ScrapeManager.TargetMetadata> metadata() {
            return List.of();
        }
    };

    List<String> scrapePools();

    List<ScrapeManager.ActiveTarget> activeTargets();

    List<ScrapeManager.DroppedTarget> droppedTargets();

    List<ScrapeManager.TargetMetadata> metadata();

    static ScrapeView of(ScrapeManager m) {
        return new ScrapeView() {
            @Override
            public List<String> scrapePools() {
                return m.scrapePools();
            }

            @Override
            public List<ScrapeManager.ActiveTarget> activeTargets() {
                return m.activeTargets();
            }

            @Override
            public List<ScrapeManager.DroppedTarget> droppedTargets() {
                return m.droppedTargets();
            }

            @Override
            public List<ScrapeManager.TargetMetadata> metadata() {
                return m.metadata();
            }
        };
    }
}
