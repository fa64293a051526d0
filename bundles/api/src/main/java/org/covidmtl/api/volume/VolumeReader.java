package org.covidmtl.api.volume;

import java.nio.file.Path;
import java.util.Map;

import org.covidmtl.api.stage.Progress;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reads one volume from a file or folder. Registered with {@code covidmtl.stage=volume-reader} and
 * {@code covidmtl.format=<format>}.
 */
@ConsumerType
public interface VolumeReader {

    /** Whether this reader recognises the input (by magic bytes or folder content, not only by name). */
    boolean canRead(Path input);

    /**
     * Reads the input.
     *
     * @param options reader options (e.g. {@code allow-gaps=true}); unknown keys are an error
     * @throws VolumeFormatException naming the input and the problem
     */
    LoadedVolume read(Path input, Map<String, String> options, Progress progress);
}
