package org.covidmtl.radiomics;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;

import org.covidmtl.api.features.EmptyMaskException;
import org.covidmtl.api.features.ExtractionSettings;
import org.covidmtl.api.features.GridMismatchException;
import org.covidmtl.api.features.ImageProcessing;
import org.covidmtl.api.features.LabelAbsentException;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;

/**
 * Builds the {@link Roi} of a label, re-segmented by intensity, with typed errors for every bad case. Re-segmentation
 * ({@link #bounds}) keeps the label's voxels whose intensity lies in one interval: the range ({@code resegmentRange},
 * read per {@code resegmentMode}: intensities; fractions of the label's maximum; numbers of standard deviations from the
 * label's mean), intersected, with {@code resegmentOutliers} k, with μ ± k·σ of the label's voxels (IBSI's outlier
 * filtering; IBSI combines re-segmentation methods by intersecting the intensity ranges each defines on the ROI).
 */
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
        double[] bounds = resegments(settings) ? bounds(image, mask, settings) : ALL;
        double lo = bounds[0];
        double hi = bounds[1];
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
                    "no voxel left after re-segmentation to [" + lo + ", " + hi + "] (" + describe(settings) + ")");
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

    private static final double[] ALL = {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};

    /** Whether the settings re-segment by intensity (a range or outlier filtering). */
    static boolean resegments(ExtractionSettings s) {
        return !s.resegmentRange().isEmpty() || s.processing().resegmentOutliers() != null;
    }

    /** The settings without re-segmentation by intensity (the morphological mask's). */
    static ExtractionSettings withoutResegmentation(ExtractionSettings s) {
        return s.toBuilder().resegmentRange(List.of()).processing(s.processing().withResegmentOutliers(null)).build();
    }

    /** The re-segmentation settings in words, for messages and diagnostics. */
    static String describe(ExtractionSettings s) {
        ImageProcessing p = s.processing();
        String r = s.resegmentRange().isEmpty() ? "no range"
                : "range " + s.resegmentRange() + " " + p.resegmentMode().name().toLowerCase(java.util.Locale.ROOT);
        return p.resegmentOutliers() == null ? r : r + ", outliers beyond " + p.resegmentOutliers() + " sigma";
    }

    /**
     * The intensity interval {@code [lo, hi]} (inclusive; infinite where open) that the label's voxels must lie in after
     * re-segmentation: the range as its mode reads it (relative: times the label's maximum; sigma: the label's mean plus
     * that many population standard deviations), with outlier filtering intersected with μ ± k·σ of the label's voxels
     * (all of them: each method's interval is defined on the ROI, IBSI's "intersection of the intensity ranges"). The
     * image and mask must share the grid.
     */
    static double[] bounds(Volume image, Mask mask, ExtractionSettings s) {
        byte[] labels = mask.labels();
        float[] v = image.voxels();
        int label = s.label();
        List<Double> range = s.resegmentRange();
        ImageProcessing p = s.processing();
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        if (!range.isEmpty()) {
            double a = range.get(0);
            double b = range.size() < 2 ? Double.POSITIVE_INFINITY : range.get(1);
            switch (p.resegmentMode()) {
                case ABSOLUTE -> {
                    lo = a;
                    hi = b;
                }
                case RELATIVE -> {
                    double max = stats(labels, v, label, lo, hi)[3];
                    lo = a * max;
                    hi = range.size() < 2 ? hi : b * max;
                }
                case SIGMA -> {
                    double[] st = stats(labels, v, label, lo, hi);
                    lo = st[1] + a * st[2];
                    hi = range.size() < 2 ? hi : st[1] + b * st[2];
                }
            }
        }
        Double k = p.resegmentOutliers();
        if (k != null) {
            double[] st = stats(labels, v, label, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
            if (st[0] > 0) {
                lo = Math.max(lo, st[1] - k * st[2]);
                hi = Math.min(hi, st[1] + k * st[2]);
            }
        }
        return new double[] {lo, hi};
    }

    /** {count, mean, population standard deviation, max} of the label's voxels with intensity in [lo, hi]. */
    private static double[] stats(byte[] labels, float[] v, int label, double lo, double hi) {
        long n = 0;
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] & 0xff) == label && v[i] >= lo && v[i] <= hi) {
                n++;
                sum += v[i];
                max = Math.max(max, v[i]);
            }
        }
        if (n == 0) {
            return new double[] {0, Double.NaN, Double.NaN, Double.NaN};
        }
        double mean = sum / n;
        double ss = 0;
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] & 0xff) == label && v[i] >= lo && v[i] <= hi) {
                double d = v[i] - mean;
                ss += d * d;
            }
        }
        return new double[] {n, mean, Math.sqrt(ss / n), max};
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
