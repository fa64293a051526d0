package org.covidmtl.cohort;

import java.util.Locale;

/** Which rows the feature scaler is fitted on. */
public enum Scaling {
    /** Fitted on the training split only (no test leakage); the default. */
    TRAIN("train-only"),
    /**
     * Fitted on all rows of the cohort, train and test, as the reference implementation does (test leakage;
     * reproduces the published numbers).
     */
    REFERENCE("reference-scaling"),
    /** Features left as they are. */
    NONE("none");

    private final String label;

    Scaling(String label) {
        this.label = label;
    }

    /** The name used in experiment files, results and provenance. */
    public String label() {
        return label;
    }

    public static Scaling parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Scaling s : values()) {
            if (s.label.equals(t) || s.name().toLowerCase(Locale.ROOT).equals(t)) {
                return s;
            }
        }
        if (t.equals("reference") || t.equals("all")) {
            return REFERENCE;
        }
        if (t.equals("train")) {
            return TRAIN;
        }
        throw new IllegalArgumentException("unknown scaling '" + text + "' (train-only, reference-scaling, none)");
    }
}
