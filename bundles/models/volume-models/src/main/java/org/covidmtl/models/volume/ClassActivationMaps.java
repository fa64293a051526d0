package org.covidmtl.models.volume;

/**
 * Class activation maps (Zhou et al., CVPR 2016) of a head that ends in convolution → ReLU → global average
 * pooling → (concatenation with other, non-spatial inputs) → linear layer, as COVID-MTL's heads do: the class's
 * logit is {@code Σ_c W[c, class]·mean(A_c) + (the non-spatial part) + b}, so {@code M = Σ_c W[c, class]·A_c} is
 * the map whose mean is the volume's contribution to that logit. Computed in double; upsampled trilinearly to
 * the input grid (PyTorch's {@code interpolate(mode='trilinear', align_corners=False)}: cell centres at
 * {@code (i + ½)·n/m − ½}, clamped at the borders).
 */
final class ClassActivationMaps {

    private ClassActivationMaps() {
    }

    /**
     * The weighted sum on the cell grid.
     *
     * @param activations {@code channels} maps of {@code cells} values each, channel after channel
     * @param weights the linear layer's weights as DL4J keeps them, {@code [nIn, nOut]} in C order
     * @param nOut the linear layer's outputs (classes)
     * @param cls the class
     * @return {@code cells} values: Σ<sub>c</sub> W[c, cls]·A<sub>c</sub> over the first {@code channels} inputs
     */
    static double[] weightedSum(float[] activations, int channels, int cells, float[] weights, int nOut, int cls) {
        if (activations.length != channels * cells) {
            throw new IllegalArgumentException(activations.length + " activations for " + channels + " channels of "
                    + cells + " cells");
        }
        double[] m = new double[cells];
        for (int c = 0; c < channels; c++) {
            double w = weights[c * nOut + cls];
            int base = c * cells;
            for (int i = 0; i < cells; i++) {
                m[i] += w * activations[base + i];
            }
        }
        return m;
    }

    /** The mean of the map. */
    static double mean(double[] m) {
        double s = 0;
        for (double v : m) {
            s += v;
        }
        return s / m.length;
    }

    /**
     * Positive evidence scaled to [0, 1]: max(m, 0) / max(m); all 0 when no cell is positive.
     *
     * @return the scaled copy
     */
    static double[] positiveScaled(double[] m) {
        double max = 0;
        for (double v : m) {
            max = Math.max(max, v);
        }
        double[] out = new double[m.length];
        if (max > 0) {
            for (int i = 0; i < m.length; i++) {
                out[i] = Math.max(m[i], 0) / max;
            }
        }
        return out;
    }

    /**
     * Trilinear upsampling of a {@code cx × cy × cz} map (x fastest) to {@code nx × ny × nz}.
     */
    static float[] upsample(double[] m, int cx, int cy, int cz, int nx, int ny, int nz) {
        if (m.length != cx * cy * cz) {
            throw new IllegalArgumentException(m.length + " cells for a " + cx + "×" + cy + "×" + cz + " grid");
        }
        int[] x0 = new int[nx];
        int[] x1 = new int[nx];
        double[] fx = new double[nx];
        axis(cx, nx, x0, x1, fx);
        int[] y0 = new int[ny];
        int[] y1 = new int[ny];
        double[] fy = new double[ny];
        axis(cy, ny, y0, y1, fy);
        int[] z0 = new int[nz];
        int[] z1 = new int[nz];
        double[] fz = new double[nz];
        axis(cz, nz, z0, z1, fz);
        float[] out = new float[nx * ny * nz];
        int plane = cx * cy;
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                int o = nx * (j + ny * k);
                for (int i = 0; i < nx; i++) {
                    double c00 = lerp(m[x0[i] + cx * y0[j] + plane * z0[k]], m[x1[i] + cx * y0[j] + plane * z0[k]], fx[i]);
                    double c10 = lerp(m[x0[i] + cx * y1[j] + plane * z0[k]], m[x1[i] + cx * y1[j] + plane * z0[k]], fx[i]);
                    double c01 = lerp(m[x0[i] + cx * y0[j] + plane * z1[k]], m[x1[i] + cx * y0[j] + plane * z1[k]], fx[i]);
                    double c11 = lerp(m[x0[i] + cx * y1[j] + plane * z1[k]], m[x1[i] + cx * y1[j] + plane * z1[k]], fx[i]);
                    out[o + i] = (float) lerp(lerp(c00, c10, fy[j]), lerp(c01, c11, fy[j]), fz[k]);
                }
            }
        }
        return out;
    }

    private static double lerp(double a, double b, double f) {
        return a + (b - a) * f;
    }

    /** Source cells and weights of each output index along one axis. */
    private static void axis(int m, int n, int[] lo, int[] hi, double[] f) {
        double scale = (double) m / n;
        for (int i = 0; i < n; i++) {
            double s = Math.max(0, (i + 0.5) * scale - 0.5);
            int a = Math.min((int) Math.floor(s), m - 1);
            lo[i] = a;
            hi[i] = Math.min(a + 1, m - 1);
            f[i] = hi[i] == a ? 0 : s - a;
        }
    }
}
