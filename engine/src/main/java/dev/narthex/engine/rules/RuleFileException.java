package dev.narthex.engine.rules;

import java.util.List;

/** A rule file that failed to load; {@link #errors()} holds each problem as Prometheus words it. */
public final class RuleFileException extends Exception {
    private final List<String> errors;

    public RuleFileException(List<String> errors) {
        super(String.join("\n", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
