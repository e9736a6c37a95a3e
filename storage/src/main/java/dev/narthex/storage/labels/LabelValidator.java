package dev.narthex.storage.labels;

import dev.narthex.storage.Labels;
import dev.narthex.storage.StorageException;

/**
 * Checks a label set the way Prometheus 3 does before a series enters the head: not empty, names
 * non-empty and valid UTF-8 (UTF-8 names are allowed, as with Prometheus 3's default validation),
 * values valid UTF-8, no name twice. Errors carry Prometheus's texts.
 */
public final class LabelValidator {
    private LabelValidator() {
    }

    /** @throws StorageException.InvalidLabels when Prometheus would reject the label set */
    public static void validate(Labels labels) {
        if (labels == null || labels.isEmpty()) {
            throw new StorageException.InvalidLabels("empty labelset: invalid sample");
        }
        int n = labels.size();
        for (int i = 0; i < n; i++) {
            String name = labels.name(i);
            if (i > 0 && name.equals(labels.name(i - 1))) {
                throw new StorageException.InvalidLabels("label name \"" + name + "\" is not unique: invalid sample");
            }
            if (name.isEmpty() || !isValidUtf16(name) || !isValidUtf16(labels.value(i))) {
                throw new StorageException.InvalidLabels("invalid metric name or label names: " + labels);
            }
        }
    }

    /** A Java string is valid UTF-8 exactly when it has no unpaired surrogate. */
    static boolean isValidUtf16(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
