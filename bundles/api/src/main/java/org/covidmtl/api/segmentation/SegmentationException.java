package org.covidmtl.api.segmentation;

import org.covidmtl.api.stage.StageException;

/** A volume that cannot be segmented: not in HU, not an axial stack, no lungs found. */
public class SegmentationException extends StageException {
    private static final long serialVersionUID = 1L;

    public SegmentationException(String input, String problem) {
        super(input, problem);
    }
}
