package org.covidmtl.api.model;

/** What a model consumes. */
public enum ModelInput {
    /** The cohort's feature table (radiomics, HOG). */
    FEATURES,
    /** Clinical attributes of the study (age, sex, lab values). */
    CLINICAL,
    /** The CT volume (and its lung mask). */
    VOLUME
}
