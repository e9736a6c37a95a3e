package dev.narthex.promql.ast;

import dev.narthex.promql.value.ValueType;
import java.util.List;

/**
 * A PromQL function's signature, as in Prometheus's function table. {@code variadic} says how many
 * arguments are accepted: 0 means exactly {@code argTypes.size()}; n &gt; 0 means from
 * {@code argTypes.size() - 1} (the last argument is optional) up to {@code argTypes.size() - 1 + n};
 * -1 means at least {@code argTypes.size() - 1} with no upper bound. Arguments beyond the declared
 * types take the last declared type.
 */
public record FunctionDef(String name, List<ValueType> argTypes, int variadic, ValueType returnType,
                          boolean experimental) {
    public FunctionDef {
        argTypes = List.copyOf(argTypes);
    }

    /** The smallest accepted argument count. */
    public int minArgs() {
        return variadic == 0 ? argTypes.size() : argTypes.size() - 1;
    }

    /** The largest accepted argument count, or {@link Integer#MAX_VALUE} when unlimited. */
    public int maxArgs() {
        if (variadic == 0) {
            return argTypes.size();
        }
        return variadic < 0 ? Integer.MAX_VALUE : argTypes.size() - 1 + variadic;
    }

    /** The type required of argument {@code i}: repeated arguments take the last declared type. */
    public ValueType argType(int i) {
        return argTypes.get(Math.min(i, argTypes.size() - 1));
    }
}
