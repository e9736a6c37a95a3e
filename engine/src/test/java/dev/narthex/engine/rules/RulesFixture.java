package dev.narthex.engine.rules;

import dev.narthex.promql.engine.EngineOptions;
import dev.narthex.promql.engine.PromqlEngine;
import dev.narthex.storage.Appender;
import dev.narthex.storage.Labels;
import dev.narthex.storage.Matcher;
import dev.narthex.storage.Querier;
import dev.narthex.storage.ReferenceStorage;
import dev.narthex.storage.SampleBuffer;
import dev.narthex.storage.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A manager over the reference storage with a hand-stepped clock. */
final class RulesFixture {
    final ReferenceStorage storage = new ReferenceStorage();
    final AtomicLong clock = new AtomicLong();
    final List<List<Alert>> notified = new ArrayList<>();
    final RuleManager manager;
    final Path dir;

    RulesFixture(Path dir) {
        this.dir = dir;
        this.manager = new RuleManager(RuleManagerOptions.defaults(storage, storage, new PromqlEngine(EngineOptions.DEFAULTS), clock::get)
                .withNotify((expr, alerts) -> notified.add(alerts)));
    }

    void rules(String name, String yaml, long intervalMs) throws IOException, RuleFileException {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        manager.update(intervalMs, 0, List.of(f), Labels.EMPTY, "");
    }

    void append(Labels l, long t, double v) {
        Appender a = storage.appender();
        a.append(0, l, t, v);
        a.commit();
    }

    /** Steps the clock to {@code t} and evaluates whatever is due. */
    void at(long t) {
        clock.set(t);
        manager.runDue();
    }

    /** Raw samples of one series, stale markers included. */
    SampleBuffer raw(Labels l) {
        SampleBuffer buf = new SampleBuffer();
        try (Querier q = storage.querier(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2)) {
            List<Matcher> ms = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                ms.add(Matcher.equal(l.name(i), l.value(i)));
            }
            for (Series s : q.select(ms)) {
                if (s.labels().equals(l)) {
                    s.read(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2, buf);
                }
            }
        }
        return buf;
    }

    RuleGroup group() {
        return manager.groups().get(0);
    }
}
