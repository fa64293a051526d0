package org.covidmtl.radiomics;

import org.covidmtl.api.features.HogSettings;

/**
 * scikit-image 0.19's {@code skimage.feature.hog} of a grey-level image (one channel), written out so that every
 * operation rounds as there: optional square root; unnormalised central differences {@code I[r+1] − I[r−1]} with
 * the border rows / columns 0; magnitude {@code hypot(g_col, g_row)}, orientation
 * {@code rad2deg(atan2(g_row, g_col)) mod 180} (numpy's floor modulo); per cell and orientation bin
 * {@code [180/n·i, 180/n·(i+1))} the magnitudes summed in row-major order into a <em>single-precision</em>
 * accumulator and divided (in single precision) by the cell's pixel count (its Cython kernel declares
 * {@code cdef float total}); block normalisation in double with numpy's pairwise sums and ε = 1e-5; features in
 * {@code (block row, block column, cell row, cell column, orientation)} order.
 */
final class Hog {
    private static final double EPS = 1e-5;

    private Hog() {
    }

    /**
     * @param image row-major {@code rows × cols}, values ≥ 0 when {@code transformSqrt} (scaled to [0, 1] by the caller);
     *        not modified
     * @return {@link HogSettings#featureCount()} values for {@code rows × cols} = the settings' slice size
     */
    static double[] compute(double[] image, int rows, int cols, HogSettings s) {
        double[] img = image.clone();
        if (s.transformSqrt()) {
            for (int i = 0; i < img.length; i++) {
                img[i] = Math.sqrt(img[i]);
            }
        }
        // gradients: the border rows (for g_row) and columns (for g_col) stay 0
        double[] magnitude = new double[rows * cols];
        double[] orientation = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                double gRow = r == 0 || r == rows - 1 ? 0 : img[i + cols] - img[i - cols];
                double gCol = c == 0 || c == cols - 1 ? 0 : img[i + 1] - img[i - 1];
                magnitude[i] = Math.hypot(gCol, gRow);
                orientation[i] = floorMod180(Math.toDegrees(Math.atan2(gRow, gCol)));
            }
        }
        int n = s.orientations();
        int cr = s.cellRows();
        int cc = s.cellColumns();
        int ncr = rows / cr;
        int ncc = cols / cc;
        double perBin = 180.0 / n;
        double[] starts = new double[n];
        double[] ends = new double[n];
        for (int o = 0; o < n; o++) {
            starts[o] = perBin * (o + 1);
            ends[o] = perBin * o;
        }
        // histogram[(cellRow * ncc + cellCol) * n + o]
        double[] histogram = new double[ncr * ncc * n];
        float[] totals = new float[n];
        for (int y = 0; y < ncr; y++) {
            for (int x = 0; x < ncc; x++) {
                java.util.Arrays.fill(totals, 0f);
                for (int r = y * cr; r < (y + 1) * cr; r++) {
                    for (int c = x * cc; c < (x + 1) * cc; c++) {
                        int i = r * cols + c;
                        double or = orientation[i];
                        double m = magnitude[i];
                        for (int o = 0; o < n; o++) {
                            // scikit-image's test, NaN included: skipped only if >= start or < end
                            if (!(or >= starts[o] || or < ends[o])) {
                                totals[o] += m; // float accumulator: (float) (total + m)
                            }
                        }
                    }
                }
                for (int o = 0; o < n; o++) {
                    histogram[(y * ncc + x) * n + o] = totals[o] / (cr * cc); // float division
                }
            }
        }
        int br = s.blockRows();
        int bc = s.blockColumns();
        int nbr = ncr - br + 1;
        int nbc = ncc - bc + 1;
        int blockLength = br * bc * n;
        double[] out = new double[nbr * nbc * blockLength];
        double[] block = new double[blockLength];
        double[] work = new double[blockLength];
        for (int y = 0; y < nbr; y++) {
            for (int x = 0; x < nbc; x++) {
                int k = 0;
                for (int dy = 0; dy < br; dy++) {
                    for (int dx = 0; dx < bc; dx++) {
                        System.arraycopy(histogram, ((y + dy) * ncc + x + dx) * n, block, k, n);
                        k += n;
                    }
                }
                normalise(block, work, s.blockNorm());
                System.arraycopy(block, 0, out, (y * nbc + x) * blockLength, blockLength);
            }
        }
        return out;
    }

    /** numpy's {@code a % 180.0} (floor modulo: fmod, then + 180 when negative; a zero result is +0). */
    static double floorMod180(double a) {
        double mod = a % 180.0;
        if (mod != 0) {
            if (mod < 0) {
                mod += 180.0;
            }
        } else {
            mod = 0.0;
        }
        return mod;
    }

    /** scikit-image's {@code _hog_normalize_block}, in place. */
    private static void normalise(double[] v, double[] work, HogSettings.BlockNorm norm) {
        int len = v.length;
        switch (norm) {
            case L1, L1_SQRT -> {
                for (int i = 0; i < len; i++) {
                    work[i] = Math.abs(v[i]);
                }
                double d = pairwiseSum(work, 0, len) + EPS;
                for (int i = 0; i < len; i++) {
                    v[i] = norm == HogSettings.BlockNorm.L1 ? v[i] / d : Math.sqrt(v[i] / d);
                }
            }
            case L2 -> l2(v, work);
            case L2_HYS -> {
                l2(v, work);
                for (int i = 0; i < len; i++) {
                    v[i] = Math.min(v[i], 0.2);
                }
                l2(v, work);
            }
        }
    }

    private static void l2(double[] v, double[] work) {
        for (int i = 0; i < v.length; i++) {
            work[i] = v[i] * v[i];
        }
        double d = Math.sqrt(pairwiseSum(work, 0, v.length) + EPS * EPS);
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] / d;
        }
    }

    /** numpy's {@code add.reduce} of a contiguous double array: 0 + pairwise sum (8 accumulators, blocks of 128). */
    static double pairwiseSum(double[] a, int from, int n) {
        return 0.0 + pairwise(a, from, n);
    }

    private static double pairwise(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        } else if (n <= 128) {
            double[] r = new double[8];
            for (int j = 0; j < 8; j++) {
                r[j] = a[from + j];
            }
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        } else {
            int n2 = n / 2;
            n2 -= n2 % 8;
            return pairwise(a, from, n2) + pairwise(a, from + n2, n - n2);
        }
    }
}
