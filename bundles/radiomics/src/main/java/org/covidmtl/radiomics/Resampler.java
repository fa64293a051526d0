package org.covidmtl.radiomics;

import java.util.List;
import java.util.stream.IntStream;

import org.covidmtl.api.features.ImageProcessing;
import org.covidmtl.api.features.ImageProcessing.Interpolator;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;

/**
 * IBSI image interpolation ({@link ImageProcessing.GridAlignment#IBSI_CENTRE}): per axis the new grid has
 * {@code ceil(n·s/s')} voxels of spacing {@code s'}, its centre on the original grid's centre; positions
 * beyond the original grid take the nearest boundary voxel's value. Linear interpolation is separable
 * (x, then y, then z; an axis whose spacing is unchanged is copied, so 2 × 2 mm in-plane with the slice
 * spacing kept is bilinear). The mask's label is interpolated as a 0/1 fraction and kept where the fraction
 * is at least the threshold (linear), or taken from the nearest voxel.
 *
 * <p>{@link Interpolator#BSPLINE} (IBSI's "tricubic spline", configuration E) is cubic B-spline interpolation as
 * {@code scipy.ndimage.map_coordinates(order=3, mode='nearest')} computes it: per axis, each line is extended by
 * {@link #SPLINE_PAD} copies of its edge value on either side, turned into B-spline coefficients by the exact recursive
 * prefilter (pole √3 − 2, gain 6, mirror-symmetric boundary on the extended line), and the cubic B-spline of those
 * coefficients is evaluated at the new positions — not clamped to the grid: beyond it the spline of the
 * edge-extended line gives the value. Separable like linear, so the three axes in turn equal the 3-D tensor spline.
 * Not for masks (their interpolator is linear or nearest).
 */
final class Resampler {
    private Resampler() {
    }

    /** The resampled image and mask (the mask keeps {@code label} only), intensities rounded if asked. */
    record Resampled(Volume image, Mask mask) {
    }

    static Resampled resample(Volume image, Mask mask, int label, List<Double> spacing, ImageProcessing p) {
        VolumeGeometry g = image.geometry();
        int[] n = g.size();
        double[] s = g.spacing();
        int[] m = new int[3];
        double[][] pos = new double[3][];
        double[] start = new double[3];
        double[] newSpacing = new double[3];
        for (int a = 0; a < 3; a++) {
            double sb = spacing.get(a) == 0 ? s[a] : spacing.get(a);
            newSpacing[a] = sb;
            m[a] = (int) Math.ceil(n[a] * s[a] / sb - 1e-9);
            double ratio = sb / s[a];
            double offset = ((n[a] - 1) - (m[a] - 1) * ratio) / 2;
            start[a] = offset;
            pos[a] = new double[m[a]];
            for (int j = 0; j < m[a]; j++) {
                // positions rounded to 1e-9 of a voxel: a spacing read as 2.9999999999998 mm (DICOM slice positions
                // in float) must give the grid a spacing of 3.0 gives, or interpolated mask fractions of exactly
                // 0.5 fall either side of the threshold
                pos[a][j] = m[a] == n[a] && Math.abs(ratio - 1) < 1e-12 ? j
                        : Math.rint((offset + j * ratio) * 1e9) / 1e9;
            }
        }
        double[] origin = g.toPhysical(start[0], start[1], start[2]);
        VolumeGeometry ng = new VolumeGeometry(m, newSpacing, origin, g.direction());
        float[] src = image.voxels();
        double[] img = new double[src.length];
        for (int i = 0; i < src.length; i++) {
            img[i] = src[i];
        }
        double[] out = interpolate(img, n, pos, p.interpolator());
        float[] voxels = new float[out.length];
        for (int i = 0; i < out.length; i++) {
            voxels[i] = (float) (p.roundIntensities() ? Math.rint(out[i]) : out[i]);
        }
        byte[] labels = mask.labels();
        double[] frac = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            frac[i] = (labels[i] & 0xff) == label ? 1 : 0;
        }
        double[] mf = interpolate(frac, n, pos, p.maskInterpolator());
        byte[] ml = new byte[mf.length];
        double threshold = p.maskInterpolator() == Interpolator.NEAREST ? 0.5 : p.maskThreshold();
        for (int i = 0; i < mf.length; i++) {
            ml[i] = mf[i] >= threshold ? (byte) label : 0;
        }
        return new Resampled(new Volume(ng, voxels), new Mask(ng, ml));
    }

    /** Intensities rounded to the nearest integer (ties to even), the grid unchanged. */
    static Volume round(Volume image) {
        float[] v = image.voxels().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.rint(v[i]);
        }
        return new Volume(image.geometry(), v);
    }

    /** Separable interpolation at the (clamped) continuous positions per axis. */
    static double[] interpolate(double[] data, int[] size, double[][] pos, Interpolator how) {
        double[] cur = data;
        int[] dims = size.clone();
        for (int a = 0; a < 3; a++) {
            cur = axis(cur, dims, a, pos[a], how);
            dims[a] = pos[a].length;
        }
        return cur;
    }

    /** Edge copies on either side of a line before the B-spline prefilter (SciPy's pre-padding for mode 'nearest'). */
    static final int SPLINE_PAD = 12;
    /** The cubic B-spline's prefilter pole. */
    private static final double POLE = Math.sqrt(3) - 2;

    private static double[] axis(double[] in, int[] dims, int a, double[] pos, Interpolator how) {
        if (how == Interpolator.BSPLINE) {
            return splineAxis(in, dims, a, pos);
        }
        int n = dims[a];
        int m = pos.length;
        int[] lo = new int[m];
        double[] w = new double[m];
        for (int j = 0; j < m; j++) {
            double x = Math.min(Math.max(pos[j], 0), n - 1);
            if (how == Interpolator.NEAREST) {
                lo[j] = (int) Math.min(n - 1, Math.floor(x + 0.5));
                w[j] = 0;
            } else {
                int f = (int) Math.floor(x);
                if (f >= n - 1) {
                    f = n - 1;
                }
                lo[j] = f;
                w[j] = x - f;
            }
        }
        return perLine(dims, a, m, 0, (scratch, inBase, stride, out, outBase, ostride) -> {
            for (int j = 0; j < m; j++) {
                int i0 = lo[j];
                double v = in[inBase + i0 * stride];
                if (w[j] != 0) {
                    v = v * (1 - w[j]) + in[inBase + (i0 + 1) * stride] * w[j];
                }
                out[outBase + j * ostride] = v;
            }
        });
    }

    /** Cubic B-spline interpolation of every line along axis {@code a} at {@code pos} (see the class comment). */
    private static double[] splineAxis(double[] in, int[] dims, int a, double[] pos) {
        int n = dims[a];
        int m = pos.length;
        int len = n + 2 * SPLINE_PAD;
        // per output position: the first of its 4 coefficients (in the extended line) and their weights
        int[] first = new int[m];
        double[][] w = new double[m][];
        for (int j = 0; j < m; j++) {
            double x = pos[j] + SPLINE_PAD;
            int f = (int) Math.floor(x);
            if (f - 1 < 0 || f + 2 >= len) {
                throw new IllegalArgumentException("B-spline position " + pos[j] + " is more than " + (SPLINE_PAD - 2)
                        + " voxels beyond a line of " + n);
            }
            first[j] = f - 1;
            w[j] = splineWeights(x - f);
        }
        return perLine(dims, a, m, len, (line, inBase, stride, out, outBase, ostride) -> {
            for (int i = 0; i < len; i++) {
                int src = Math.min(n - 1, Math.max(0, i - SPLINE_PAD));
                line[i] = in[inBase + src * stride];
            }
            splineCoefficients(line);
            for (int j = 0; j < m; j++) {
                int f = first[j];
                double[] wj = w[j];
                out[outBase + j * ostride] = wj[0] * line[f] + wj[1] * line[f + 1] + wj[2] * line[f + 2] + wj[3] * line[f + 3];
            }
        });
    }

    /** What one line along the axis becomes: its input at inBase + i·stride, its output at out[outBase + j·ostride]. */
    @FunctionalInterface
    private interface LineKernel {
        void apply(double[] scratch, int inBase, int stride, double[] out, int outBase, int ostride);
    }

    /**
     * Runs {@code kernel} on every line along axis {@code a} of a volume of {@code dims}, the lines of one
     * position of the outer axis per task, in parallel; the output has {@code m} samples along {@code a}. Each task
     * gets a scratch line of {@code scratchLength}.
     */
    private static double[] perLine(int[] dims, int a, int m, int scratchLength, LineKernel kernel) {
        int[] od = dims.clone();
        od[a] = m;
        int stride = a == 0 ? 1 : a == 1 ? dims[0] : dims[0] * dims[1];
        int ostride = a == 0 ? 1 : a == 1 ? od[0] : od[0] * od[1];
        double[] out = new double[od[0] * od[1] * od[2]];
        // lines along axis a: iterate over the other two axes
        int[] other = a == 0 ? new int[] {1, 2} : a == 1 ? new int[] {0, 2} : new int[] {0, 1};
        int n0 = od[other[0]];
        int n1 = od[other[1]];
        IntStream.range(0, n1).parallel().forEach(q -> {
            double[] scratch = new double[scratchLength];
            int[] c = new int[3];
            for (int r = 0; r < n0; r++) {
                c[other[0]] = r;
                c[other[1]] = q;
                int inBase = c[0] + dims[0] * (c[1] + dims[1] * c[2]);
                int outBase = c[0] + od[0] * (c[1] + od[1] * c[2]);
                kernel.apply(scratch, inBase, stride, out, outBase, ostride);
            }
        });
        return out;
    }

    /**
     * The cubic B-spline weights of the 4 coefficients around a position {@code t} ∈ [0, 1) past a grid point: those of
     * the point before, the point, and the two after.
     */
    static double[] splineWeights(double t) {
        double u = 1 - t;
        return new double[] {u * u * u / 6, 2.0 / 3 - t * t + t * t * t / 2, 2.0 / 3 - u * u + u * u * u / 2, t * t * t / 6};
    }

    /**
     * Replaces samples by their cubic B-spline coefficients (in place): the samples times the gain 6, a causal then an
     * anti-causal first-order recursion with pole z = √3 − 2, both started as if the line continued mirror-symmetrically
     * about its end samples (period 2n − 2): the causal start is the sum over one period, in closed form, the anti-causal
     * start the recursion's exact value for a symmetric continuation.
     */
    static void splineCoefficients(double[] c) {
        int n = c.length;
        if (n == 1) {
            return;
        }
        double z = POLE;
        for (int i = 0; i < n; i++) {
            c[i] *= (1 - z) * (1 - 1 / z);
        }
        // causal start: sum over k of z^k · (mirror-continued c)[k], k = 0 … 2n − 3, divided by 1 − z^(2n−2)
        double zn1 = Math.pow(z, n - 1);
        double sum = c[0] + zn1 * c[n - 1];
        double zk = z;
        for (int k = 1; k < n - 1; k++) {
            sum += zk * (c[k] + zn1 * c[n - 1 - k]);
            zk *= z;
        }
        c[0] = sum / (1 - zn1 * zn1);
        for (int k = 1; k < n; k++) {
            c[k] += z * c[k - 1];
        }
        c[n - 1] = z / (z * z - 1) * (z * c[n - 2] + c[n - 1]);
        for (int k = n - 2; k >= 0; k--) {
            c[k] = z * (c[k + 1] - c[k]);
        }
    }
}
