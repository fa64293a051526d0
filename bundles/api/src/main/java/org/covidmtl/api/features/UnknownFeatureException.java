package org.covidmtl.api.features;

/** A feature name that the feature class (or vector) does not have. */
public class UnknownFeatureException extends FeatureExtractionException {
    private static final long serialVersionUID = 1L;

    public UnknownFeatureException(String feature, String problem) {
        super(feature, problem);
    }
}
