package org.covidmtl.api.model;

import java.util.List;
import java.util.Map;

/**
 * Class probabilities of one study.
 *
 * @param study the study's id
 * @param model the model's name and version, e.g. {@code fnn-mtl 1.0.0}
 * @param probabilities task name → class probabilities (sum to 1), in the model's task order
 * @param warnings what the caller should know (e.g. a feature far outside the training range); may be empty
 */
public record Prediction(String study, String model, Map<String, double[]> probabilities, List<String> warnings) {
    public Prediction {
        probabilities = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(probabilities));
        warnings = List.copyOf(warnings);
    }

    /** The probabilities of one task (a copy). */
    public double[] probabilities(String task) {
        double[] p = probabilities.get(task);
        if (p == null) {
            throw new IllegalArgumentException("prediction of " + model + " has no task " + task);
        }
        return p.clone();
    }
}
