package org.covidmtl.api.segmentation;

import java.util.List;

import org.covidmtl.api.volume.Mask;

/**
 * What a segmenter returns.
 *
 * @param mask labels on the input's grid, 0 = background
 * @param regions one entry per label the segmenter can produce, in label order, with its volume
 *        (0 when the label is absent)
 * @param description one line: provider, what was found
 * @param warnings everything doubtful (a lung missing, lungs split by a heuristic, ...)
 */
public record SegmentationResult(Mask mask, List<Region> regions, String description, List<String> warnings) {
    /** Label of both lungs when sides are not separated. */
    public static final int LUNG = 1;
    /** Label of the patient's right lung when sides are separated. */
    public static final int RIGHT_LUNG = 1;
    /** Label of the patient's left lung when sides are separated. */
    public static final int LEFT_LUNG = 2;

    public SegmentationResult {
        regions = List.copyOf(regions);
        warnings = List.copyOf(warnings);
    }

    /**
     * One label of the mask.
     *
     * @param label the voxel value
     * @param name what it is, e.g. {@code right lung}
     * @param voxels its voxel count
     * @param volumeMl its volume in millilitres
     */
    public record Region(int label, String name, long voxels, double volumeMl) {
    }

    /** The region with this label, or {@code null}. */
    public Region region(int label) {
        for (Region r : regions) {
            if (r.label() == label) {
                return r;
            }
        }
        return null;
    }
}
