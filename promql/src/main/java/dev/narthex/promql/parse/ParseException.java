package dev.narthex.promql.parse;

import dev.narthex.promql.engine.ErrorType;
import dev.narthex.promql.engine.PromqlException;
import java.util.List;

/**
 * A query that does not parse or type-check. The message is Prometheus's text for the first error,
 * {@code <line>:<col>: parse error: <msg>}; {@link #errors()} has all of them.
 */
public final class ParseException extends PromqlException {
    private final String query;
    private final List<ParseError> errors;

    public ParseException(String query, List<ParseError> errors) {
        super(ErrorType.BAD_DATA, errors.get(0).format(query));
        this.query = query;
        this.errors = List.copyOf(errors);
    }

    public String query() {
        return query;
    }

    public List<ParseError> errors() {
        return errors;
    }

    /** The first error, the one the message describes. */
    public ParseError first() {
        return errors.get(0);
    }
}
