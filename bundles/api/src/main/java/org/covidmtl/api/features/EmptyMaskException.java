package org.covidmtl.api.features;

/** The region has no voxel to measure (no labelled voxel at all, or none left after re-segmentation). */
public class EmptyMaskException extends FeatureExtractionException {
    private static final long serialVersionUID = 1L;

    public EmptyMaskException(String input, String problem) {
        super(input, problem);
    }
}
