package dev.narthex.promql.ast;

import java.util.List;

/**
 * How the two instant vectors of a binary operation are matched. {@code matchingLabels} are the
 * {@code on} labels when {@code on} is set, else the {@code ignoring} labels; {@code include} are the
 * extra labels of {@code group_left}/{@code group_right}. The fill modifiers ({@code fill},
 * {@code fill_left}, {@code fill_right}) give the value used for a side that has no match; a
 * {@code has...} flag tells whether that side has one (any double, NaN included, is a valid fill).
 */
public record VectorMatching(Cardinality card, List<String> matchingLabels, boolean on, List<String> include,
                             boolean hasFillLhs, double fillLhs, boolean hasFillRhs, double fillRhs) {
    public enum Cardinality {
        ONE_TO_ONE("one-to-one"), MANY_TO_ONE("many-to-one"), ONE_TO_MANY("one-to-many"),
        MANY_TO_MANY("many-to-many");

        private final String text;

        Cardinality(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    public VectorMatching {
        matchingLabels = List.copyOf(matchingLabels);
        include = List.copyOf(include);
    }

    public boolean hasFill() {
        return hasFillLhs || hasFillRhs;
    }

    public VectorMatching withCard(Cardinality newCard) {
        return new VectorMatching(newCard, matchingLabels, on, include, hasFillLhs, fillLhs, hasFillRhs, fillRhs);
    }
}
