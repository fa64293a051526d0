package org.covidmtl.segmentation;

import org.covidmtl.api.segmentation.SegmentationException;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;

/** Refuses volumes the threshold method cannot segment, with one line naming the problem. */
final class InputCheck {
    /** Smallest in-plane size that can hold a chest. */
    static final int MIN_IN_PLANE = 32;

    private InputCheck() {
    }

    static void check(String source, Volume ct, float threshold) {
        VolumeGeometry g = ct.geometry();
        if (g.sizeX() < MIN_IN_PLANE || g.sizeY() < MIN_IN_PLANE) {
            throw new SegmentationException(source, "a " + g.sizeX() + "×" + g.sizeY() + "×" + g.sizeZ()
                    + " grid is not a stack of axial images (in-plane size below " + MIN_IN_PLANE + ")");
        }
        double[] d = g.direction();
        // row 2 of the direction matrix: how much each index axis points along patient z
        if (Math.abs(d[8]) < Math.abs(d[6]) || Math.abs(d[8]) < Math.abs(d[7])) {
            throw new SegmentationException(source, String.format(
                    "slices are not axial (slice axis direction %.2f, %.2f, %.2f in LPS); reformat to axial first",
                    d[2], d[5], d[8]));
        }
        long below = 0;
        for (float x : ct.voxels()) {
            if (x < threshold) {
                below++;
            }
        }
        if (below == 0) {
            double[] range = ct.minMaxMean();
            double min = range[0];
            double max = range[1];
            String why = min >= -100
                    ? "values " + Math.round(min) + ".." + Math.round(max)
                            + " look like stored values without rescale slope/intercept, not HU"
                    : "no voxel below " + Math.round(threshold) + " HU (values " + Math.round(min) + ".."
                            + Math.round(max) + "): no air, not a chest CT in HU";
            throw new SegmentationException(source, why);
        }
    }
}
