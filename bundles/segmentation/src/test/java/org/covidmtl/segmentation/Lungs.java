package org.covidmtl.segmentation;

import org.covidmtl.api.segmentation.SegmentationOptions;
import org.covidmtl.api.segmentation.SegmentationResult;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Volume;

/** Test helpers: run the classical provider, count voxels, build reference masks. */
final class Lungs {
    private Lungs() {
    }

    static SegmentationResult classical(LoadedVolume lv, SegmentationOptions options) {
        long t0 = System.nanoTime();
        SegmentationResult r = new ClassicalSegmenter().segment(lv.source(), lv.volume(), options.withThreads(2),
                Progress.none());
        System.out.printf("classical %s: %.2f s, %s, warnings %s%n", lv.source(), (System.nanoTime() - t0) / 1e9,
                r.description(), r.warnings());
        return r;
    }

    /** Voxels whose label value lies in [lo, hi] (a label file read as a volume). */
    static boolean[] labelsIn(Volume labels, int lo, int hi) {
        float[] v = labels.voxels();
        boolean[] m = new boolean[v.length];
        for (int p = 0; p < v.length; p++) {
            m[p] = v[p] >= lo && v[p] <= hi;
        }
        return m;
    }

    static boolean[] label(SegmentationResult r, int label) {
        byte[] l = r.mask().labels();
        boolean[] m = new boolean[l.length];
        for (int p = 0; p < l.length; p++) {
            m[p] = l[p] == label;
        }
        return m;
    }

    /**
     * Fraction of the mask's voxels lying in air (below −420 HU) that is 8-connected, within its axial
     * slice, to the slice border: what the reference's per-slice border clearing would delete.
     */
    static double borderConnectedFraction(Volume ct, byte[] mask) {
        var g = ct.geometry();
        int nx = g.sizeX(), ny = g.sizeY(), plane = nx * ny;
        long in = 0, touching = 0;
        for (int k = 0; k < g.sizeZ(); k++) {
            boolean[] air = new boolean[plane];
            for (int p = 0; p < plane; p++) {
                air[p] = ct.voxels()[k * plane + p] < ClassicalSegmenter.DEFAULT_THRESHOLD_HU;
            }
            Components c = Components.of(air, nx, ny, 1, Components.CONN_8);
            int[] l = c.labels();
            boolean[] border = new boolean[c.count() + 1];
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    if (i == 0 || j == 0 || i == nx - 1 || j == ny - 1) {
                        border[l[i + nx * j]] = true;
                    }
                }
            }
            for (int p = 0; p < plane; p++) {
                if (mask[k * plane + p] != 0) {
                    in++;
                    if (l[p] != 0 && border[l[p]]) {
                        touching++;
                    }
                }
            }
        }
        return touching / (double) in;
    }
}
