package dev.narthex.promql.scripts;

import java.util.List;
import java.util.regex.Pattern;

/** A parsed test script: its commands in file order. */
record Script(String file, List<Command> commands) {

    sealed interface Command permits Load, Clear, Eval {
        int line();
    }

    /**
     * {@code startTimes}: per entry of {@code series}, its {@code @st} line (offsets in ms from each
     * sample's time) or null; {@code startTimestamps}: the block had {@code @st} lines.
     */
    record Load(int line, long stepMs, boolean withNhcb, List<SeriesNotation.Series> series,
                List<SeriesNotation.Series> startTimes, boolean startTimestamps) implements Command {
        boolean hasHistograms() {
            return withNhcb || series.stream().anyMatch(SeriesNotation.Series::hasHistogram);
        }
    }

    record Clear(int line) implements Command {
    }

    /** An expected error text or pattern; both null means any error. */
    record ExpectedText(String exact, Pattern regex) {
        static final ExpectedText ANY = new ExpectedText(null, null);

        boolean matches(String actual) {
            if (exact != null) {
                return exact.equals(actual);
            }
            return regex == null || regex.matcher(actual).find();
        }

        @Override
        public String toString() {
            return exact != null ? "msg:" + exact : regex != null ? "regex:" + regex.pattern() : "any";
        }
    }

    /** What an eval expects of warnings (or of infos): nothing checked, none, or a set of texts to match. */
    record AnnotationExpectation(boolean checked, boolean none, List<ExpectedText> expected) {
        static final AnnotationExpectation UNCHECKED = new AnnotationExpectation(false, false, List.of());
    }

    /** Range of the expected matrix of an instant eval that returns a range vector. */
    record ExpectedRange(long startMs, long endMs, long stepMs) {
    }

    /**
     * One eval command. For instant evals {@code startMs == endMs} is the evaluation time and
     * {@code stepMs == 0}. Exactly one of scalar / string / series describes the expected result,
     * unless {@link #fail} is set.
     */
    record Eval(int line, String expr, boolean range, long startMs, long endMs, long stepMs,
                ExpectedText fail, boolean ordered,
                AnnotationExpectation warnings, AnnotationExpectation infos,
                Double expectedScalar, String expectedString, ExpectedRange expectedRange,
                List<SeriesNotation.Series> expectedSeries) implements Command {

        boolean expectsHistogram() {
            return expectedSeries.stream().anyMatch(SeriesNotation.Series::hasHistogram);
        }
    }
}
