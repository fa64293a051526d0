package org.covidmtl.volume.io.fuzz;

import java.nio.file.Path;
import java.util.Map;

/**
 * One malformed input: the file or folder to read, the reader options, what was done to the seed, and
 * whether the only right answer is a typed error (a decompression bomb must never read as a volume).
 *
 * @param reader the reader it is meant for, e.g. {@code nifti}
 * @param target the kind of input (row of the table), e.g. {@code nii.gz}
 * @param seed the real file the case was made from
 * @param mutation what was changed, for the failure report
 * @param input the file or folder the reader gets
 * @param options reader options
 * @param mustFail true when a volume would be wrong (bombs)
 */
record FuzzCase(String reader, String target, String seed, String mutation, Path input, Map<String, String> options, boolean mustFail) {

    @Override
    public String toString() {
        return target + " " + seed + " [" + mutation + "] " + input + (options.isEmpty() ? "" : " " + options);
    }
}
