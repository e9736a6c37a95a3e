package dev.narthex.promql.scripts;

import dev.narthex.storage.Appendable;
import dev.narthex.storage.Queryable;
import dev.narthex.storage.ReferenceStorage;

/** The storage a script loads into and queries: one read side and one write side of the same data. */
record ScriptStorage(Queryable queryable, Appendable appendable) {

    /** A fresh, empty storage; the one line to change to test another storage implementation. */
    static ScriptStorage fresh() {
        ReferenceStorage s = new ReferenceStorage();
        return new ScriptStorage(s, s);
    }
}
