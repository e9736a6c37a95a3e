package dev.narthex.promql.eval;

/**
 * Label-name validity under Prometheus 3's UTF-8 rules: any non-empty valid UTF-8. The parser keeps
 * bytes that were not valid UTF-8 as lone surrogates, so a lone surrogate marks an invalid name.
 */
final class LabelNames {
    private LabelNames() {
    }

    static boolean isValid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= name.length() || !Character.isLowSurrogate(name.charAt(i + 1))) {
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
