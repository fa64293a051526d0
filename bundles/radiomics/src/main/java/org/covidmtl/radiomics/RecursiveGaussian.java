package org.covidmtl.radiomics;

/**
 * One-dimensional recursive (IIR) Gaussian of order 0 or 2 as ITK's {@code RecursiveGaussianImageFilter}
 * computes it (Deriche's 4th-order causal + anti-causal recursions with the coefficients of Farnebäck and
 * Westin, normalised so that the response to a constant is 1 (order 0) and to {@code i²} is 2 (order 2, per
 * voxel), the line extended by its end values (ITK's boundary initialisation)). Sigma is in mm and the filter is
 * set up for {@code sigma / spacing} voxels, as ITK does; order 2 "normalised across scale" multiplies the
 * (per voxel) second derivative by {@code sigma²} (mm²): the caller divides by {@code spacing²}.
 */
final class RecursiveGaussian {
    private final double n0;
    private final double n1;
    private final double n2;
    private final double n3;
    private final double d1;
    private final double d2;
    private final double d3;
    private final double d4;
    private final double m1;
    private final double m2;
    private final double m3;
    private final double m4;
    private final double bn1;
    private final double bn2;
    private final double bn3;
    private final double bn4;
    private final double bm1;
    private final double bm2;
    private final double bm3;
    private final double bm4;

    // Farnebäck / Westin parameters of the two exponential series (ITK's values): order 0 and order 2
    private static final double W1 = 0.6681;
    private static final double L1 = -1.3932;
    private static final double W2 = 2.0787;
    private static final double L2 = -1.3732;
    private static final double[] A1 = {1.3530, -0.6724, -1.3563};
    private static final double[] B1 = {1.8151, -3.4327, 5.2318};
    private static final double[] A2 = {-0.3531, 0.6724, 0.3446};
    private static final double[] B2 = {0.0902, 0.6100, -2.2355};

    /** The smoothing (order 0) Gaussian of width {@code sigma} mm on a line of spacing {@code spacing} mm. */
    static RecursiveGaussian smoothing(double sigma, double spacing) {
        return new RecursiveGaussian(sigma, spacing, 0, false);
    }

    /** The second derivative of the Gaussian (per voxel²), times {@code sigma²} when normalised across scale. */
    static RecursiveGaussian secondDerivative(double sigma, double spacing, boolean normalizeAcrossScale) {
        return new RecursiveGaussian(sigma, spacing, 2, normalizeAcrossScale);
    }

    private RecursiveGaussian(double sigma, double spacing, int order, boolean normalizeAcrossScale) {
        double sigmad = sigma / Math.abs(spacing);
        double cos1 = Math.cos(W1 / sigmad);
        double cos2 = Math.cos(W2 / sigmad);
        double sin1 = Math.sin(W1 / sigmad);
        double sin2 = Math.sin(W2 / sigmad);
        double exp1 = Math.exp(L1 / sigmad);
        double exp2 = Math.exp(L2 / sigmad);
        d4 = exp1 * exp1 * exp2 * exp2;
        d3 = -2 * cos1 * exp1 * exp2 * exp2 + -2 * cos2 * exp2 * exp1 * exp1;
        d2 = 4 * cos2 * cos1 * exp1 * exp2 + (exp1 * exp1 + exp2 * exp2);
        d1 = -2 * (exp2 * cos2 + exp1 * cos1);
        double sd = 1.0 + d1 + d2 + d3 + d4;
        double dd = d1 + 2 * d2 + 3 * d3 + 4 * d4;
        double ed = d1 + 4 * d2 + 9 * d3 + 16 * d4;
        double[] n = new double[7]; // N0..N3, SN, DN, EN
        if (order == 0) {
            nCoefficients(0, cos1, cos2, sin1, sin2, exp1, exp2, n);
            double alpha0 = 2 * n[4] / sd - n[0];
            for (int i = 0; i < 4; i++) {
                n[i] *= 1.0 / alpha0;
            }
        } else {
            double norm = normalizeAcrossScale ? sigma * sigma : 1.0;
            double[] z = new double[7];
            double[] s = new double[7];
            nCoefficients(0, cos1, cos2, sin1, sin2, exp1, exp2, z);
            nCoefficients(2, cos1, cos2, sin1, sin2, exp1, exp2, s);
            double beta = -(2 * s[4] - sd * s[0]) / (2 * z[4] - sd * z[0]);
            for (int i = 0; i < 7; i++) {
                n[i] = s[i] + beta * z[i];
            }
            double alpha2 = n[6] * sd * sd - ed * n[4] * sd - 2 * n[5] * dd * sd + 2 * dd * dd * n[4];
            alpha2 /= sd * sd * sd;
            for (int i = 0; i < 4; i++) {
                n[i] *= norm / alpha2;
            }
        }
        n0 = n[0];
        n1 = n[1];
        n2 = n[2];
        n3 = n[3];
        // symmetric kernels (orders 0 and 2)
        m1 = n1 - d1 * n0;
        m2 = n2 - d2 * n0;
        m3 = n3 - d3 * n0;
        m4 = -d4 * n0;
        double sn = n0 + n1 + n2 + n3;
        double sm = m1 + m2 + m3 + m4;
        bn1 = d1 * sn / sd;
        bn2 = d2 * sn / sd;
        bn3 = d3 * sn / sd;
        bn4 = d4 * sn / sd;
        bm1 = d1 * sm / sd;
        bm2 = d2 * sm / sd;
        bm3 = d3 * sm / sd;
        bm4 = d4 * sm / sd;
    }

    private static void nCoefficients(int k, double cos1, double cos2, double sin1, double sin2, double exp1, double exp2,
            double[] out) {
        double a1 = A1[k];
        double b1 = B1[k];
        double a2 = A2[k];
        double b2 = B2[k];
        double nn0 = a1 + a2;
        double nn1 = exp2 * (b2 * sin2 - (a2 + 2 * a1) * cos2);
        nn1 += exp1 * (b1 * sin1 - (a1 + 2 * a2) * cos1);
        double nn2 = (a1 + a2) * cos2 * cos1;
        nn2 -= b1 * cos2 * sin1 + b2 * cos1 * sin2;
        nn2 *= 2 * exp1 * exp2;
        nn2 += a2 * exp1 * exp1 + a1 * exp2 * exp2;
        double nn3 = exp2 * exp1 * exp1 * (b2 * sin2 - a2 * cos2);
        nn3 += exp1 * exp2 * exp2 * (b1 * sin1 - a1 * cos1);
        out[0] = nn0;
        out[1] = nn1;
        out[2] = nn2;
        out[3] = nn3;
        out[4] = nn0 + nn1 + nn2 + nn3;
        out[5] = nn1 + 2 * nn2 + 3 * nn3;
        out[6] = nn1 + 4 * nn2 + 9 * nn3;
    }

    /**
     * Filters {@code data[0..ln)} into {@code out[0..ln)} ({@code ln >= 4}); {@code scratch} holds {@code ln}
     * values. The line continues with {@code data[0]} before it and {@code data[ln − 1]} after it.
     */
    void filter(double[] data, double[] out, double[] scratch, int ln) {
        double[] c = out;
        double v1 = data[0];
        c[0] = v1 * n0 + v1 * n1 + v1 * n2 + v1 * n3;
        c[1] = data[1] * n0 + v1 * n1 + v1 * n2 + v1 * n3;
        c[2] = data[2] * n0 + data[1] * n1 + v1 * n2 + v1 * n3;
        c[3] = data[3] * n0 + data[2] * n1 + data[1] * n2 + v1 * n3;
        c[0] -= v1 * bn1 + v1 * bn2 + v1 * bn3 + v1 * bn4;
        c[1] -= c[0] * d1 + v1 * bn2 + v1 * bn3 + v1 * bn4;
        c[2] -= c[1] * d1 + c[0] * d2 + v1 * bn3 + v1 * bn4;
        c[3] -= c[2] * d1 + c[1] * d2 + c[0] * d3 + v1 * bn4;
        for (int i = 4; i < ln; i++) {
            c[i] = data[i] * n0 + data[i - 1] * n1 + data[i - 2] * n2 + data[i - 3] * n3;
            c[i] -= c[i - 1] * d1 + c[i - 2] * d2 + c[i - 3] * d3 + c[i - 4] * d4;
        }
        double[] a = scratch;
        double v2 = data[ln - 1];
        a[ln - 1] = v2 * m1 + v2 * m2 + v2 * m3 + v2 * m4;
        a[ln - 2] = data[ln - 1] * m1 + v2 * m2 + v2 * m3 + v2 * m4;
        a[ln - 3] = data[ln - 2] * m1 + data[ln - 1] * m2 + v2 * m3 + v2 * m4;
        a[ln - 4] = data[ln - 3] * m1 + data[ln - 2] * m2 + data[ln - 1] * m3 + v2 * m4;
        a[ln - 1] -= v2 * bm1 + v2 * bm2 + v2 * bm3 + v2 * bm4;
        a[ln - 2] -= a[ln - 1] * d1 + v2 * bm2 + v2 * bm3 + v2 * bm4;
        a[ln - 3] -= a[ln - 2] * d1 + a[ln - 1] * d2 + v2 * bm3 + v2 * bm4;
        a[ln - 4] -= a[ln - 3] * d1 + a[ln - 2] * d2 + a[ln - 1] * d3 + v2 * bm4;
        for (int i = ln - 4; i > 0; i--) {
            a[i - 1] = data[i] * m1 + data[i + 1] * m2 + data[i + 2] * m3 + data[i + 3] * m4;
            a[i - 1] -= a[i] * d1 + a[i + 1] * d2 + a[i + 2] * d3 + a[i + 3] * d4;
        }
        for (int i = 0; i < ln; i++) {
            out[i] += a[i];
        }
    }
}
