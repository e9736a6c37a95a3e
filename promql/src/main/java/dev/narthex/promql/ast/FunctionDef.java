package dev.narthex.promql.ast;

import dev.narthex.promql.value.ValueType;
import java.util.List;

/**
 * A PromQL function's signature. {@code variadic} is 0 for a fixed argument list, n &gt; 0 when the
 * last argument type may be repeated up to n times more than once-optional (so {@code argTypes.size()-1}
 * to {@code argTypes.size()-1+n} arguments are accepted), and -1 for unlimited repetition of the last
 * type (at least {@code argTypes.size()-1} arguments).
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
