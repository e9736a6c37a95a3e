package dev.narthex.storage.relabel;

import java.util.Locale;

/** The relabeling actions, spelled as in Prometheus configuration files. */
public enum Action {
    REPLACE, KEEP, DROP, KEEPEQUAL, DROPEQUAL, HASHMOD, LABELMAP, LABELDROP, LABELKEEP, LOWERCASE, UPPERCASE;

    /** The action for a configured name, case-insensitively as Prometheus accepts it. */
    public static Action parse(String s) {
        for (Action a : values()) {
            if (a.text().equals(s.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown relabel action \"" + s + "\"");
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
