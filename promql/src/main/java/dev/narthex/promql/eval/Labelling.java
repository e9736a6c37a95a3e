package dev.narthex.promql.eval;

import com.google.re2j.Pattern;
import dev.narthex.promql.engine.ErrorType;
import dev.narthex.promql.engine.PromqlException;
import dev.narthex.promql.functions.LabelFunctions;
import dev.narthex.storage.Labels;
import java.util.List;

/**
 * {@code label_replace} and {@code label_join}: they rewrite labels and keep the metric name; a
 * {@code __name__} they set explicitly survives delayed name removal.
 */
final class Labelling {
    private Labelling() {
    }

    static StepVector replace(StepVector v, List<String> args) {
        String dst = args.get(0);
        String replacement = args.get(1);
        String src = args.get(2);
        String regex = args.get(3);
        Pattern pattern = LabelFunctions.compileReplaceRegex(regex);
        if (pattern == null) {
            throw new PromqlException(ErrorType.EXECUTION, LabelFunctions.invalidRegexMessage(regex));
        }
        if (!LabelFunctions.isValidLabelName(dst)) {
            throw new PromqlException(ErrorType.EXECUTION, LabelFunctions.invalidReplaceDestinationMessage(dst));
        }
        for (StepSeries s : v.series) {
            String value = LabelFunctions.replace(pattern, replacement, s.labels.get(src));
            if (value != null) {
                setLabel(s, dst, value);
            }
        }
        return Merging.mergeSameLabels(v);
    }

    static StepVector join(StepVector v, List<String> args) {
        String dst = args.get(0);
        String sep = args.get(1);
        List<String> srcs = args.subList(2, args.size());
        for (String src : srcs) {
            if (!LabelFunctions.isValidLabelName(src)) {
                throw new PromqlException(ErrorType.EXECUTION, LabelFunctions.invalidJoinSourceMessage(src));
            }
        }
        if (!LabelFunctions.isValidLabelName(dst)) {
            throw new PromqlException(ErrorType.EXECUTION, LabelFunctions.invalidJoinDestinationMessage(dst));
        }
        String[] values = new String[srcs.size()];
        for (StepSeries s : v.series) {
            for (int i = 0; i < values.length; i++) {
                values[i] = s.labels.get(srcs.get(i));
            }
            setLabel(s, dst, LabelFunctions.join(sep, values));
        }
        return Merging.mergeSameLabels(v);
    }

    private static void setLabel(StepSeries s, String name, String value) {
        s.labels = s.labels.toBuilder().set(name, value).build();
        if (name.equals(Labels.METRIC_NAME)) {
            s.dropName = false;
        }
    }
}
