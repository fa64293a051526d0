package org.covidmtl.radiomics;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;

import org.covidmtl.api.features.EmptyMaskException;
import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.GridMismatchException;
import org.covidmtl.api.features.LabelAbsentException;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;

/** Builds the {@link Roi} of a label, re-segmented by intensity, with typed errors for every bad case. */
final class RoiFactory {
    /** Spacing and origin tolerance (mm) for "same grid", as PyRadiomics' geometryTolerance default order. */
    static final double GRID_TOLERANCE = 1e-3;

    private RoiFactory() {
    }

    static Roi of(Volume image, Mask mask, ExtractionSettings settings) {
        VolumeGeometry g = image.geometry();
        if (!g.sameGrid(mask.geometry(), GRID_TOLERANCE)) {
            throw new GridMismatchException("mask", g, mask.geometry());
        }
        byte[] labels = mask.labels();
        float[] v = image.voxels();
        int label = settings.label();
        List<Double> range = settings.resegmentRange();
        double lo = range.isEmpty() ? Double.NEGATIVE_INFINITY : range.get(0);
        double hi = range.size() < 2 ? Double.POSITIVE_INFINITY : range.get(1);
        int sx = g.sizeX();
        int sy = g.sizeY();
        int sz = labels.length / (sx * sy);
        // per slice: {labelled, with the label, min x, min y, max x, max y} of the kept voxels
        int[][] slices = new int[sz][];
        IntStream.range(0, sz).parallel().forEach(z -> {
            int[] r = {0, 0, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
            for (int y = 0, idx = z * sx * sy; y < sy; y++) {
                for (int x = 0; x < sx; x++, idx++) {
                    int l = labels[idx] & 0xff;
                    if (l == 0) {
                        continue;
                    }
                    r[0] = 1;
                    if (l != label) {
                        continue;
                    }
                    r[1] = 1;
                    if (v[idx] < lo || v[idx] > hi) {
                        continue;
                    }
                    r[2] = Math.min(r[2], x);
                    r[3] = Math.min(r[3], y);
                    r[4] = Math.max(r[4], x);
                    r[5] = Math.max(r[5], y);
                }
            }
            slices[z] = r;
        });
        int[] min = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        int[] max = {-1, -1, -1};
        boolean anyLabelled = false;
        boolean anyWithLabel = false;
        for (int z = 0; z < sz; z++) {
            int[] r = slices[z];
            anyLabelled |= r[0] != 0;
            anyWithLabel |= r[1] != 0;
            if (r[4] >= 0) {
                min[0] = Math.min(min[0], r[2]);
                min[1] = Math.min(min[1], r[3]);
                min[2] = Math.min(min[2], z);
                max[0] = Math.max(max[0], r[4]);
                max[1] = Math.max(max[1], r[5]);
                max[2] = Math.max(max[2], z);
            }
        }
        if (!anyLabelled) {
            throw new EmptyMaskException("mask", "no labelled voxel (all " + labels.length + " voxels are 0)");
        }
        if (!anyWithLabel) {
            throw new LabelAbsentException("mask label " + label, "absent; labels present: " + labelsPresent(labels));
        }
        if (max[0] < 0) {
            throw new EmptyMaskException("mask label " + label,
                    "no voxel left after re-segmentation to [" + lo + ", " + hi + "]");
        }
        int nx = max[0] - min[0] + 1;
        int ny = max[1] - min[1] + 1;
        int nz = max[2] - min[2] + 1;
        boolean[] inside = new boolean[nx * ny * nz];
        IntStream.range(0, nz).parallel().forEach(z -> {
            for (int y = 0; y < ny; y++) {
                int idx = g.index(min[0], y + min[1], z + min[2]);
                int b = nx * (y + ny * z);
                for (int x = 0; x < nx; x++, idx++) {
                    inside[b + x] = (labels[idx] & 0xff) == label && v[idx] >= lo && v[idx] <= hi;
                }
            }
        });
        return new Roi(min, max, inside, g.spacing());
    }

    private static String labelsPresent(byte[] labels) {
        TreeSet<Integer> s = new TreeSet<>();
        for (byte b : labels) {
            s.add(b & 0xff);
        }
        s.remove(0);
        return s.toString();
    }
}
