package dev.narthex.promql.ast;

import dev.narthex.promql.value.ValueType;
import dev.narthex.storage.Matcher;
import java.util.List;

/**
 * An instant vector selector. {@code matchers} include the {@code __name__} equality matcher for
 * {@code name} (last, as Prometheus orders them). {@code offsetMs} is the literal offset; when the
 * offset was a duration expression, {@code offsetExpr} holds it and {@code offsetMs} is 0.
 * {@code at}/{@code atMs} are the {@code @} modifier (atMs only meaningful for
 * {@link AtModifier#TIMESTAMP}). {@code anchored}/{@code smoothed} are the extended range
 * modifiers; {@code bypassEmptyMatcherCheck} is set for the label-selector argument of {@code info()}.
 */
public record VectorSelector(String name, List<Matcher> matchers, long offsetMs, DurationExpr offsetExpr,
                             AtModifier at, long atMs, boolean anchored, boolean smoothed,
                             boolean bypassEmptyMatcherCheck, PositionRange positionRange) implements Expr {
    public VectorSelector {
        matchers = List.copyOf(matchers);
    }

    /** A plain selector without modifiers. */
    public static VectorSelector of(String name, List<Matcher> matchers, PositionRange pos) {
        return new VectorSelector(name, matchers, 0, null, AtModifier.NONE, 0, false, false, false, pos);
    }

    public boolean hasOffset() {
        return offsetMs != 0 || offsetExpr != null;
    }

    public VectorSelector withOffset(long newOffsetMs, DurationExpr newOffsetExpr, PositionRange pos) {
        return new VectorSelector(name, matchers, newOffsetMs, newOffsetExpr, at, atMs, anchored, smoothed,
                bypassEmptyMatcherCheck, pos);
    }

    public VectorSelector withAt(AtModifier newAt, long newAtMs, PositionRange pos) {
        return new VectorSelector(name, matchers, offsetMs, offsetExpr, newAt, newAtMs, anchored, smoothed,
                bypassEmptyMatcherCheck, pos);
    }

    public VectorSelector withExtended(boolean newAnchored, boolean newSmoothed, PositionRange pos) {
        return new VectorSelector(name, matchers, offsetMs, offsetExpr, at, atMs, newAnchored, newSmoothed,
                bypassEmptyMatcherCheck, pos);
    }

    public VectorSelector withBypassEmptyMatcherCheck() {
        return new VectorSelector(name, matchers, offsetMs, offsetExpr, at, atMs, anchored, smoothed, true,
                positionRange);
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }

    @Override
    public <R> R accept(ExprVisitor<R> visitor) {
        return visitor.visitVectorSelector(this);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
