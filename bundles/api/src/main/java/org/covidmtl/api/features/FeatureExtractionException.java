package org.covidmtl.api.features;

import org.covidmtl.api.stage.StageException;

/** A feature extraction that cannot run on its input or settings; subtypes name the case. */
public class FeatureExtractionException extends StageException {
    private static final long serialVersionUID = 1L;

    public FeatureExtractionException(String input, String problem) {
        super(input, problem);
    }

    public FeatureExtractionException(String input, String problem, Throwable cause) {
        super(input, problem, cause);
    }
}
