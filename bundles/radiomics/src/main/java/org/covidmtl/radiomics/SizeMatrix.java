package org.covidmtl.radiomics;

/**
 * The quantities GLRLM, GLSZM and GLDM share, of a matrix {@code P(i, j)} counting runs, zones or
 * dependences of grey level {@code g[i]} and size {@code s[j]} (IBSI's emphasis, non-uniformity,
 * variance and entropy forms).
 */
final class SizeMatrix {
    final double n;
    final double smallEmphasis;
    final double largeEmphasis;
    final double grayNonUniformity;
    final double grayNonUniformityNormalized;
    final double sizeNonUniformity;
    final double sizeNonUniformityNormalized;
    final double grayVariance;
    final double sizeVariance;
    final double entropy;
    final double lowGrayEmphasis;
    final double highGrayEmphasis;
    final double smallLowGray;
    final double smallHighGray;
    final double largeLowGray;
    final double largeHighGray;
    /** Σ P(i,j)·s[j]: the voxels the matrix covers. */
    final double voxels;
    /** Σ p(i,j)², p = P / Σ P (IBSI's dependence count energy). */
    final double energy;

    SizeMatrix(double[][] p, double[] g, double[] s) {
        int ng = g.length;
        int ns = s.length;
        double[] pg = new double[ng];
        double[] ps = new double[ns];
        double total = 0;
        for (int i = 0; i < ng; i++) {
            for (int j = 0; j < ns; j++) {
                pg[i] += p[i][j];
                ps[j] += p[i][j];
                total += p[i][j];
            }
        }
        n = total;
        double se = 0, le = 0, gnu = 0, snu = 0, lg = 0, hg = 0, slg = 0, shg = 0, llg = 0, lhg = 0, vox = 0;
        double ug = 0, us = 0, ent = 0;
        for (int i = 0; i < ng; i++) {
            gnu += pg[i] * pg[i];
            lg += pg[i] / (g[i] * g[i]);
            hg += pg[i] * g[i] * g[i];
            ug += pg[i] * g[i] / total;
        }
        for (int j = 0; j < ns; j++) {
            se += ps[j] / (s[j] * s[j]);
            le += ps[j] * s[j] * s[j];
            snu += ps[j] * ps[j];
            us += ps[j] * s[j] / total;
            vox += ps[j] * s[j];
        }
        double gv = 0, sv = 0, en = 0;
        for (int i = 0; i < ng; i++) {
            gv += pg[i] / total * (g[i] - ug) * (g[i] - ug);
            for (int j = 0; j < ns; j++) {
                double v = p[i][j];
                if (v == 0) {
                    continue;
                }
                double g2 = g[i] * g[i];
                double s2 = s[j] * s[j];
                slg += v / (g2 * s2);
                shg += v * g2 / s2;
                llg += v * s2 / g2;
                lhg += v * g2 * s2;
                double q = v / total;
                ent -= q * FirstOrder.log2(q + FirstOrder.EPS);
                en += q * q;
            }
        }
        for (int j = 0; j < ns; j++) {
            sv += ps[j] / total * (s[j] - us) * (s[j] - us);
        }
        smallEmphasis = se / total;
        largeEmphasis = le / total;
        grayNonUniformity = gnu / total;
        grayNonUniformityNormalized = gnu / (total * total);
        sizeNonUniformity = snu / total;
        sizeNonUniformityNormalized = snu / (total * total);
        grayVariance = gv;
        sizeVariance = sv;
        entropy = ent;
        lowGrayEmphasis = lg / total;
        highGrayEmphasis = hg / total;
        smallLowGray = slg / total;
        smallHighGray = shg / total;
        largeLowGray = llg / total;
        largeHighGray = lhg / total;
        voxels = vox;
        energy = en;
    }

    /**
     * The quantities under a family's names, in this order: small emphasis, large emphasis, grey level
     * non-uniformity (normalised), size non-uniformity (normalised), percentage, grey level variance,
     * size variance, entropy, low / high grey level emphasis, small-low, small-high, large-low, large-high;
     * a null name leaves the quantity out.
     */
    java.util.Map<String, Double> named(double percentage, String... names) {
        double[] q = {smallEmphasis, largeEmphasis, grayNonUniformity, grayNonUniformityNormalized, sizeNonUniformity,
                sizeNonUniformityNormalized, percentage, grayVariance, sizeVariance, entropy, lowGrayEmphasis, highGrayEmphasis,
                smallLowGray, smallHighGray, largeLowGray, largeHighGray};
        java.util.Map<String, Double> f = new java.util.LinkedHashMap<>();
        for (int k = 0; k < q.length; k++) {
            if (names[k] != null) {
                f.put(names[k], q[k]);
            }
        }
        return f;
    }

    /** Sizes 1..max as doubles. */
    static double[] sizes(int max) {
        double[] s = new double[max];
        for (int j = 0; j < max; j++) {
            s[j] = j + 1;
        }
        return s;
    }

    /** The present grey levels as doubles. */
    static double[] levels(Discretised d) {
        int[] gl = d.grayLevels();
        double[] g = new double[gl.length];
        for (int k = 0; k < gl.length; k++) {
            g[k] = gl[k];
        }
        return g;
    }
}
