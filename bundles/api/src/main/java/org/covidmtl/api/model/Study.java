package org.covidmtl.api.model;

import java.util.Map;

/**
 * One study to predict: its features and clinical attributes by name, its volume loaded only when a model reads
 * it.
 *
 * @param id the study's key (shown in predictions and messages)
 * @param features feature values by name (e.g. the 375 radiomic features); may be empty
 * @param attributes clinical attributes by name (age, sex, lab values); may be empty
 * @param volume opens the study's volume, or {@code null} when the study has none
 */
public record Study(String id, Map<String, Double> features, Map<String, String> attributes, VolumeSource volume) {

    /** Opens a study's volume when it is needed (reads and segments, or reads a prepared tensor). */
    @FunctionalInterface
    public interface VolumeSource {
        StudyVolume open();
    }

    public Study {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a study needs an id");
        }
        features = Map.copyOf(features);
        attributes = Map.copyOf(attributes);
    }

    /** A study with features only. */
    public static Study ofFeatures(String id, Map<String, Double> features) {
        return new Study(id, features, Map.of(), null);
    }
}
