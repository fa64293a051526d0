package org.covidmtl.segmentation.tool;

import java.util.List;

import org.covidmtl.api.segmentation.LungSegmenter;
import org.covidmtl.api.volume.VolumeReader;
import org.covidmtl.api.volume.VolumeWriter;

/**
 * Where the lung tool finds its providers. Asked at every call, so a provider swapped in the running
 * container serves the next command.
 */
public interface LungStages {

    /** The volume readers, in the order to ask them (the first that recognises an input reads it). */
    List<VolumeReader> readers();

    /** The volume writers, in the order to ask them (the first producing the name's ending writes it). */
    List<VolumeWriter> writers();

    /**
     * A segmenter.
     *
     * @param method a provider name, or {@code null} for the stage's default
     * @throws org.covidmtl.api.stage.StageException when there is no such provider
     */
    Named segmenter(String method);

    /** A segmenter with its provider name. */
    record Named(String name, LungSegmenter segmenter) {
    }
}
