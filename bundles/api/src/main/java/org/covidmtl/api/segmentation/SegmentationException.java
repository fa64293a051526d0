package org.covidmtl.api.segmentation;

import org.covidmtl.api.stage.StageException;

/** A volume that cannot be segmented: not in HU, not an axial stack, no lungs found, too
 * large for the heap. */
public class SegmentationException extends StageException {
    private static final long serialVersionUID = 1L;

    public SegmentationException(String input, String problem) {
        super(input, problem);
    }

    /** @since 2.2.0 */
    public SegmentationException(String input, String problem, Throwable cause) {
        super(input, problem, cause);
    }
}
