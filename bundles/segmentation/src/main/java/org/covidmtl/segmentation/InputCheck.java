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

    /**
     * Working memory of a segmentation beyond the input's own float array, in bytes per voxel: the 3-D
     * component labels (int), the body, candidate and lung masks (boolean), the output labels (byte) and the
     * refinement's per-slice copies, with head room for the garbage collector.
     */
    static final long WORKING_BYTES_PER_VOXEL = 12;

    static void check(String source, Volume ct, float threshold) {
        checkHeap(source, ct.geometry(), Runtime.getRuntime().maxMemory());
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

    /**
     * Refuses a volume whose segmentation cannot fit in a heap of {@code maxHeap} bytes next to the input itself,
     * before anything is allocated, naming the sizes and the remedy.
     */
    static void checkHeap(String source, VolumeGeometry g, long maxHeap) {
        long voxels = g.voxelCount();
        long needed = voxels * (WORKING_BYTES_PER_VOXEL + Float.BYTES);
        if (needed > maxHeap) {
            throw new SegmentationException(source, String.format(java.util.Locale.ROOT,
                    "a %d×%d×%d volume needs about %.1f GiB of heap to segment, the JVM has %.1f GiB;"
                            + " resample or crop it first, or raise the heap (COVIDMTL_OPTS=-Xmx%dg)",
                    g.sizeX(), g.sizeY(), g.sizeZ(), needed / GIB, maxHeap / GIB,
                    (long) Math.ceil(needed * 1.25 / GIB)));
        }
    }

    /** The one-line error for a heap exhausted during a segmentation (the arrays are released by then). */
    static SegmentationException outOfHeap(String source, VolumeGeometry g, OutOfMemoryError e) {
        return new SegmentationException(source, String.format(java.util.Locale.ROOT,
                "ran out of heap segmenting a %d×%d×%d volume (the JVM has %.1f GiB); raise it"
                        + " (COVIDMTL_OPTS=-Xmx…) or segment fewer studies at once", g.sizeX(), g.sizeY(), g.sizeZ(),
                Runtime.getRuntime().maxMemory() / GIB), e);
    }

    private static final double GIB = 1024.0 * 1024 * 1024;
}
