package org.covidmtl.api.segmentation;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Volume;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Segments the lungs of a CT volume in HU. Registered with {@code covidmtl.stage=segmenter} and
 * {@code covidmtl.name=<provider>}.
 */
@ConsumerType
public interface LungSegmenter {

    /**
     * Segments the lungs.
     *
     * @param source the input's name for messages (a path, a study id)
     * @param ct the CT in Hounsfield units
     * @param options what to label and remove, how many threads
     * @param progress progress and cancellation
     * @return the mask on the volume's grid with its label meanings, volumes and warnings
     * @throws SegmentationException naming the source when the volume cannot be segmented (not HU,
     *         not an axial stack, no lungs found)
     */
    SegmentationResult segment(String source, Volume ct, SegmentationOptions options, Progress progress);
}
