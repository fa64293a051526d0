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

    public int size() {
        return values.length;
    }

    /** The value of a feature by name. */
    public double get(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new UnknownFeatureException(name, "not in this vector of " + names.size() + " features");
        }
        return values[i];
    }
}
