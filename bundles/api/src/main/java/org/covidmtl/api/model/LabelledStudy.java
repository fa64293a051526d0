package org.covidmtl.api.model;

/**
 * A study with its labels, for training on studies (volumes read only when needed).
 *
 * @param study the study (its volume is opened lazily, once per use)
 * @param labels one label per task of the model, in the model's task order; {@code -1} = unknown
 * @since 2.1.0
 */
public record LabelledStudy(Study study, int[] labels) {
    public LabelledStudy {
        if (study == null) {
            throw new IllegalArgumentException("a labelled study needs a study");
        }
        labels = labels.clone();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }
}
