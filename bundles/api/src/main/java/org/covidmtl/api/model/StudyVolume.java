package org.covidmtl.api.model;

import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;

/**
 * The volume of a {@link Study}.
 *
 * @param ct the CT in HU, or, when {@code prepared}, the model's input tensor already cropped and normalised
 *        as the model's {@link VolumeSchema} says (its grid must then have the schema's shape)
 * @param lungs the lung mask on the CT's grid, or {@code null}
 * @param prepared whether {@code ct} is the prepared input rather than HU
 */
public record StudyVolume(Volume ct, Mask lungs, boolean prepared) {
    public StudyVolume {
        if (ct == null) {
            throw new IllegalArgumentException("a study volume needs a CT");
        }
    }
}
