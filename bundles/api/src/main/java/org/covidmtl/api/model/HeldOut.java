package org.covidmtl.api.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Predictions of studies a model did not train on, with their labels ({@link HeldOutPredictions}).
 *
 * @param source how they were made, one line, e.g. {@code out-of-bag, 930 training studies}
 * @param labels task → the true class of each study (−1 where unknown)
 * @param probabilities task → one row of class probabilities per study, in the order of {@code labels}
 * @since 2.2.0
 */
public record HeldOut(String source, Map<String, int[]> labels, Map<String, double[][]> probabilities) {
    public HeldOut {
        if (!labels.keySet().equals(probabilities.keySet())) {
            throw new IllegalArgumentException("held-out labels and probabilities name different tasks");
        }
        for (Map.Entry<String, int[]> e : labels.entrySet()) {
            if (probabilities.get(e.getKey()).length != e.getValue().length) {
                throw new IllegalArgumentException("task " + e.getKey() + ": " + e.getValue().length + " labels, "
                        + probabilities.get(e.getKey()).length + " probability rows");
            }
        }
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        probabilities = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    }
}
