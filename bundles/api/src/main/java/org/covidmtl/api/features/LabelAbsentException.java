package org.covidmtl.api.features;

/** The mask has labelled voxels, but none with the label the settings ask for. */
public class LabelAbsentException extends FeatureExtractionException {
    private static final long serialVersionUID = 1L;

    public LabelAbsentException(String input, String problem) {
        super(input, problem);
    }
}
