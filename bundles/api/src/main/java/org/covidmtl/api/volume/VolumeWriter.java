package org.covidmtl.api.volume;

import java.nio.file.Path;
import java.util.Set;

import org.covidmtl.api.stage.Progress;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Writes volumes and masks. Registered with {@code covidmtl.stage=volume-writer} and
 * {@code covidmtl.format=<format>}. Writers write atomically: a file that existed stays intact until
 * the new one is complete.
 */
@ConsumerType
public interface VolumeWriter {

    /** File name endings this writer produces, e.g. {@code .nii.gz}, {@code .nrrd}. */
    Set<String> extensions();

    void write(Volume volume, Path output, Progress progress);

    void write(Mask mask, Path output, Progress progress);
}
