package org.covidmtl.api.features;

import java.util.List;

/**
 * Named feature values in a fixed order (PyRadiomics names for radiomic features).
 */
public record FeatureVector(List<String> names, double[] values) {
    public FeatureVector {
        names = List.copyOf(names);
        if (names.size() != values.length) {
            throw new IllegalArgumentException(names.size() + " names for " + values.length + " values");
        }
        values = values.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public double get(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no feature " + name);
        }
        return values[i];
    }
}
