package org.covidmtl.segmentation;

/**
 * Solves (A + γI) x = r for the periodic snake's internal-energy matrix A = −α D2 + β D4 (cyclic
 * central differences), a symmetric cyclic pentadiagonal matrix: factorised once (banded LU of its
 * non-cyclic part and a rank-4 Woodbury correction for the corners), then O(n) per solve. Below 8
 * points the full matrix is solved directly.
 */
final class CyclicPentadiagonal {
    private final int n;
    private final double d0, d1, d2;
    // banded LU of the non-cyclic part: U row k holds columns k, k+1, k+2; L holds rows k+1, k+2 of column k
    private final double[] u0, u1, u2, l1, l2;
    private final int[] corner;
    private final double[][] c4;
    private final double[][] z;
    private final double[][] k4;

    CyclicPentadiagonal(int n, double alpha, double beta, double gamma) {
        this.n = n;
        d0 = gamma + 2 * alpha + 6 * beta;
        d1 = -alpha - 4 * beta;
        d2 = beta;
        if (n < 8) {
            u0 = u1 = u2 = l1 = l2 = null;
            corner = null;
            c4 = z = k4 = null;
            return;
        }
        u0 = new double[n];
        u1 = new double[n];
        u2 = new double[n];
        l1 = new double[n];
        l2 = new double[n];
        // rows as bands: a(i, i-2..i+2)
        double[][] band = new double[n][5];
        for (int i = 0; i < n; i++) {
            band[i] = new double[] {i >= 2 ? d2 : 0, i >= 1 ? d1 : 0, d0, i + 1 < n ? d1 : 0, i + 2 < n ? d2 : 0};
        }
        for (int k = 0; k < n; k++) {
            u0[k] = band[k][2];
            u1[k] = band[k][3];
            u2[k] = band[k][4];
            for (int r = 1; r <= 2 && k + r < n; r++) {
                double f = band[k + r][2 - r] / u0[k];
                if (r == 1) {
                    l1[k] = f;
                } else {
                    l2[k] = f;
                }
                // row k+r: columns k..k+2 sit at band positions 2-r .. 4-r
                band[k + r][2 - r] = 0;
                band[k + r][3 - r] -= f * u1[k];
                band[k + r][4 - r] -= f * u2[k];
            }
        }
        corner = new int[] {0, 1, n - 2, n - 1};
        c4 = new double[4][4];
        c4[0][2] = d2;
        c4[0][3] = d1;
        c4[1][3] = d2;
        c4[2][0] = d2;
        c4[3][0] = d1;
        c4[3][1] = d2;
        z = new double[4][];
        for (int a = 0; a < 4; a++) {
            double[] e = new double[n];
            e[corner[a]] = 1;
            z[a] = bandSolve(e);
        }
        double[][] m = new double[4][4];
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                double s = a == b ? 1 : 0;
                for (int c = 0; c < 4; c++) {
                    s += c4[a][c] * z[b][corner[c]];
                }
                m[a][b] = s;
            }
        }
        k4 = invert(m);
    }

    double[] solve(double[] r) {
        if (n < 8) {
            return dense(r);
        }
        double[] y = bandSolve(r);
        double[] v = new double[4];
        for (int a = 0; a < 4; a++) {
            for (int c = 0; c < 4; c++) {
                v[a] += c4[a][c] * y[corner[c]];
            }
        }
        for (int a = 0; a < 4; a++) {
            double t = 0;
            for (int b = 0; b < 4; b++) {
                t += k4[a][b] * v[b];
            }
            for (int i = 0; i < n; i++) {
                y[i] -= z[a][i] * t;
            }
        }
        return y;
    }

    private double[] bandSolve(double[] r) {
        double[] y = r.clone();
        for (int k = 0; k < n; k++) {
            if (k + 1 < n) {
                y[k + 1] -= l1[k] * y[k];
            }
            if (k + 2 < n) {
                y[k + 2] -= l2[k] * y[k];
            }
        }
        for (int k = n - 1; k >= 0; k--) {
            double s = y[k];
            if (k + 1 < n) {
                s -= u1[k] * y[k + 1];
            }
            if (k + 2 < n) {
                s -= u2[k] * y[k + 2];
            }
            y[k] = s / u0[k];
        }
        return y;
    }

    /** The full cyclic matrix, built as skimage sums its shifted identities (offsets may coincide for small n). */
    double[][] matrix() {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] += d0;
            m[i][(i + 1) % n] += d1;
            m[i][(i - 1 + n) % n] += d1;
            m[i][(i + 2) % n] += d2;
            m[i][(i - 2 + 2 * n) % n] += d2;
        }
        return m;
    }

    private double[] dense(double[] r) {
        double[][] inv = invert(matrix());
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                x[i] += inv[i][j] * r[j];
            }
        }
        return x;
    }

    /** Gauss–Jordan inverse with partial pivoting. */
    static double[][] invert(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
                    piv = r;
                }
            }
            double[] t = m[c];
            m[c] = m[piv];
            m[piv] = t;
            double p = m[c][c];
            for (int j = 0; j < 2 * n; j++) {
                m[c][j] /= p;
            }
            for (int r = 0; r < n; r++) {
                if (r != c && m[r][c] != 0) {
                    double f = m[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        m[r][j] -= f * m[c][j];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inv[i], 0, n);
        }
        return inv;
    }
}
