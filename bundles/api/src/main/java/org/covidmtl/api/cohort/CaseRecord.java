package org.covidmtl.api.cohort;

import java.util.Map;

/**
 * One study of a cohort.
 *
 * @param id the study's key (the cohort's PID)
 * @param labels one label per task of the cohort, in the cohort's task order; {@code -1} = unknown
 * @param features feature values in the cohort's feature order (may be empty)
 * @param attributes everything else known of the study: age, sex, hospital, lab values, volume paths
 */
public record CaseRecord(String id, int[] labels, double[] features, Map<String, String> attributes) {
    public CaseRecord {
        labels = labels.clone();
        features = features.clone();
        attributes = Map.copyOf(attributes);
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public double[] features() {
        return features.clone();
    }

    public int label(int task) {
        return labels[task];
    }

    public double feature(int index) {
        return features[index];
    }
}
