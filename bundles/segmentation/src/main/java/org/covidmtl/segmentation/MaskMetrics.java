package org.covidmtl.segmentation;

import java.util.Arrays;

import org.covidmtl.api.segmentation.SegmentationException;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.VolumeGeometry;

/**
 * Agreement of a predicted binary mask with a reference on the same grid: confusion counts, Dice,
 * Jaccard, Matthews correlation, precision, recall, the 95th-percentile Hausdorff distance in mm and
 * Dice per slice.
 *
 * <p>HD95 follows medpy's {@code hd95}: surface voxels are foreground voxels with a background
 * 6-neighbour (outside the grid counts as background); the distances from each surface to the other
 * (exact Euclidean distance transform with the voxel spacing) are pooled and their 95th percentile
 * (linear interpolation, numpy's default) is taken. It is NaN when either mask is empty. Dice, Jaccard,
 * precision and recall of two empty masks are 1; MCC is NaN when a row or column of the confusion
 * matrix is empty. Slice Dice is NaN for slices where both masks are empty.
 */
public record MaskMetrics(long tp, long fp, long fn, long tn, double dice, double jaccard, double mcc,
        double precision, double recall, double hd95Mm, double[] sliceDice) {

    /** Non-zero voxels of {@code predicted} against non-zero voxels of {@code reference}. */
    public static MaskMetrics compare(Mask predicted, Mask reference) {
        return compare(predicted.geometry(), nonZero(predicted.labels()), reference.geometry(), nonZero(reference.labels()));
    }

    /** Binary masks with their grids; a reference on another grid is an error. */
    public static MaskMetrics compare(VolumeGeometry g, boolean[] a, VolumeGeometry refGrid, boolean[] b) {
        if (!g.sameGrid(refGrid, 1e-3)) {
            throw new SegmentationException("reference mask", "lies on another grid (" + refGrid
                    + ") than the prediction (" + g + "); resample it first");
        }
        int nx = g.sizeX(), ny = g.sizeY(), nz = g.sizeZ();
        long tp = 0, fp = 0, fn = 0;
        int plane = nx * ny;
        double[] slice = new double[nz];
        for (int k = 0; k < nz; k++) {
            long stp = 0, sa = 0, sb = 0;
            for (int p = k * plane, e = p + plane; p < e; p++) {
                if (a[p]) {
                    sa++;
                    if (b[p]) {
                        stp++;
                    }
                }
                if (b[p]) {
                    sb++;
                }
            }
            slice[k] = sa + sb == 0 ? Double.NaN : 2.0 * stp / (sa + sb);
            tp += stp;
            fp += sa - stp;
            fn += sb - stp;
        }
        long tn = a.length - tp - fp - fn;
        double dice = tp + fp + fn == 0 ? 1 : 2.0 * tp / (2.0 * tp + fp + fn);
        double jaccard = tp + fp + fn == 0 ? 1 : tp / (double) (tp + fp + fn);
        double precision = tp + fp == 0 ? 1 : tp / (double) (tp + fp);
        double recall = tp + fn == 0 ? 1 : tp / (double) (tp + fn);
        double den = Math.sqrt((double) (tp + fp) * (tp + fn) * (double) (tn + fp) * (tn + fn));
        double mcc = den == 0 ? Double.NaN : ((double) tp * tn - (double) fp * fn) / den;
        double hd95 = hd95(a, b, nx, ny, nz, g.spacing());
        return new MaskMetrics(tp, fp, fn, tn, dice, jaccard, mcc, precision, recall, hd95, slice);
    }

    @Override
    public double[] sliceDice() {
        return sliceDice.clone();
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "Dice %.4f, Jaccard %.4f, MCC %.4f, precision %.4f, recall %.4f, HD95 %.2f mm (tp %d, fp %d, fn %d)",
                dice, jaccard, mcc, precision, recall, hd95Mm, tp, fp, fn);
    }

    static boolean[] nonZero(byte[] labels) {
        boolean[] m = new boolean[labels.length];
        for (int p = 0; p < labels.length; p++) {
            m[p] = labels[p] != 0;
        }
        return m;
    }

    private static double hd95(boolean[] a, boolean[] b, int nx, int ny, int nz, double[] spacing) {
        boolean[] sa = surface(a, nx, ny, nz);
        boolean[] sb = surface(b, nx, ny, nz);
        double[] toB = DistanceTransform.squared(sb, nx, ny, nz, spacing);
        double[] toA = DistanceTransform.squared(sa, nx, ny, nz, spacing);
        int na = 0, nb = 0;
        for (int p = 0; p < a.length; p++) {
            na += sa[p] ? 1 : 0;
            nb += sb[p] ? 1 : 0;
        }
        if (na == 0 || nb == 0) {
            return Double.NaN;
        }
        double[] d = new double[na + nb];
        int m = 0;
        for (int p = 0; p < a.length; p++) {
            if (sa[p]) {
                d[m++] = Math.sqrt(toB[p]);
            }
            if (sb[p]) {
                d[m++] = Math.sqrt(toA[p]);
            }
        }
        Arrays.sort(d);
        double rank = 0.95 * (d.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(d.length - 1, lo + 1);
        return d[lo] + (rank - lo) * (d[hi] - d[lo]);
    }

    /** Foreground voxels with a background 6-neighbour; outside the grid is background. */
    static boolean[] surface(boolean[] m, int nx, int ny, int nz) {
        boolean[] s = new boolean[m.length];
        int plane = nx * ny;
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    int p = i + nx * j + plane * k;
                    if (m[p] && (i == 0 || !m[p - 1] || i == nx - 1 || !m[p + 1] || j == 0 || !m[p - nx]
                            || j == ny - 1 || !m[p + nx] || k == 0 || !m[p - plane] || k == nz - 1 || !m[p + plane])) {
                        s[p] = true;
                    }
                }
            }
        }
        return s;
    }
}
