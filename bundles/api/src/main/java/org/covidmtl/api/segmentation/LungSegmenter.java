package org.covidmtl.api.segmentation;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.osgi.annotation.versioning.ConsumerType;

/** Segments the lungs of a CT volume in HU. Registered with {@code covidmtl.stage=segmenter}. */
@ConsumerType
public interface LungSegmenter {

    /** A mask on the volume's grid: 0 outside the lungs, 1 (or a lobe/side label) inside. */
    Mask segment(Volume ct, Progress progress);
}
