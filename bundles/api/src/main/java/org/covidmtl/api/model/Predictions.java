package org.covidmtl.api.model;

import java.util.List;
import java.util.Map;

/**
 * Class probabilities per task for a list of studies.
 *
 * @param ids study ids, in row order
 * @param probabilities task name → [study][class] probabilities (rows sum to 1)
 */
public record Predictions(List<String> ids, Map<String, double[][]> probabilities) {
    public Predictions {
        ids = List.copyOf(ids);
        probabilities = Map.copyOf(probabilities);
        for (Map.Entry<String, double[][]> e : probabilities.entrySet()) {
            if (e.getValue().length != ids.size()) {
                throw new IllegalArgumentException("task " + e.getKey() + " has " + e.getValue().length
                        + " rows for " + ids.size() + " studies");
            }
        }
    }
}
