package org.covidmtl.evaluation;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * DeLong, DeLong &amp; Clarke-Pearson (1988) test of the difference between two correlated AUCs measured on the
 * same studies, computed with midranks as in Sun &amp; Xu (2014, IEEE Signal Processing Letters 21:1389).
 */
public final class DeLong {

    /**
     * The outcome of a comparison.
     *
     * @param aucA AUC of the first scores
     * @param aucB AUC of the second scores
     * @param varA DeLong variance of aucA
     * @param varB DeLong variance of aucB
     * @param covariance DeLong covariance of aucA and aucB
     * @param z (aucA − aucB) / sd(aucA − aucB)
     * @param p two-sided p-value (normal approximation)
     */
    public record Result(double aucA, double aucB, double varA, double varB, double covariance, double z, double p) {
    }

    private DeLong() {
    }

    /** Structural components: {V10 (one per positive), V01 (one per negative)} and the AUC. */
    static double[][] components(boolean[] positive, double[] score) {
        int m = 0;
        for (boolean b : positive) {
            if (b) {
                m++;
            }
        }
        int n = positive.length - m;
        if (m < 2 || n < 2) {
            throw new IllegalArgumentException("DeLong needs at least 2 positives and 2 negatives, has " + m + " and " + n);
        }
        double[] x = new double[m];
        double[] y = new double[n];
        int[] xi = new int[m];
        int[] yi = new int[n];
        int a = 0;
        int b = 0;
        for (int i = 0; i < positive.length; i++) {
            if (positive[i]) {
                xi[a] = i;
                x[a++] = score[i];
            } else {
                yi[b] = i;
                y[b++] = score[i];
            }
        }
        double[] rAll = Auc.midranks(score);
        double[] rX = Auc.midranks(x);
        double[] rY = Auc.midranks(y);
        double[] v10 = new double[m];
        double[] v01 = new double[n];
        double sum = 0;
        for (int i = 0; i < m; i++) {
            v10[i] = (rAll[xi[i]] - rX[i]) / n;
            sum += rAll[xi[i]];
        }
        for (int j = 0; j < n; j++) {
            v01[j] = 1.0 - (rAll[yi[j]] - rY[j]) / m;
        }
        double auc = (sum - m * (m + 1) / 2.0) / ((double) m * n);
        return new double[][] { v10, v01, { auc } };
    }

    /** Compares two score vectors for the same truth. */
    public static Result test(boolean[] positive, double[] scoreA, double[] scoreB) {
        double[][] ca = components(positive, scoreA);
        double[][] cb = components(positive, scoreB);
        int m = ca[0].length;
        int n = ca[1].length;
        double s10aa = cov(ca[0], ca[0]);
        double s10bb = cov(cb[0], cb[0]);
        double s10ab = cov(ca[0], cb[0]);
        double s01aa = cov(ca[1], ca[1]);
        double s01bb = cov(cb[1], cb[1]);
        double s01ab = cov(ca[1], cb[1]);
        double varA = s10aa / m + s01aa / n;
        double varB = s10bb / m + s01bb / n;
        double covAB = s10ab / m + s01ab / n;
        return result(ca[2][0], cb[2][0], varA, varB, covAB);
    }

    /**
     * Compares two models' macro AUC of a multiclass task — the mean of the one-vs-rest AUCs, as the AUC
     * evaluator reports it — on the same studies. DeLong's structural components generalised through the
     * first-order (Hoeffding) projection of each one-vs-rest U-statistic: study i contributes
     * (V10<sub>k</sub>(i) − AUC<sub>k</sub>)/m<sub>k</sub> to AUC<sub>k</sub> where it is a positive and
     * (V01<sub>k</sub>(i) − AUC<sub>k</sub>)/n<sub>k</sub> where it is a negative; its contribution to the macro
     * AUC is the mean over k, and the variance of the difference of the two macro AUCs is the sum over studies
     * of the squared difference of the two models' contributions. With one class this is DeLong's variance
     * with 1/m² in place of 1/(m(m−1)).
     *
     * @param truth class per study, 0..K−1
     * @param pa model A's [study][class] probabilities
     * @param pb model B's
     */
    public static Result testMacro(int[] truth, double[][] pa, double[][] pb) {
        int classes = pa[0].length;
        int studies = truth.length;
        double[] psiA = new double[studies];
        double[] psiB = new double[studies];
        double aucA = 0;
        double aucB = 0;
        for (int k = 0; k < classes; k++) {
            boolean[] positive = Auc.oneVsRest(truth, k);
            double[][] ca = components(positive, Auc.column(pa, k));
            double[][] cb = components(positive, Auc.column(pb, k));
            int m = ca[0].length;
            int n = ca[1].length;
            aucA += ca[2][0] / classes;
            aucB += cb[2][0] / classes;
            int a = 0;
            int b = 0;
            for (int i = 0; i < studies; i++) {
                if (positive[i]) {
                    psiA[i] += (ca[0][a] - ca[2][0]) / m / classes;
                    psiB[i] += (cb[0][a] - cb[2][0]) / m / classes;
                    a++;
                } else {
                    psiA[i] += (ca[1][b] - ca[2][0]) / n / classes;
                    psiB[i] += (cb[1][b] - cb[2][0]) / n / classes;
                    b++;
                }
            }
        }
        double varA = 0;
        double varB = 0;
        double covAB = 0;
        for (int i = 0; i < studies; i++) {
            varA += psiA[i] * psiA[i];
            varB += psiB[i] * psiB[i];
            covAB += psiA[i] * psiB[i];
        }
        return result(aucA, aucB, varA, varB, covAB);
    }

    private static Result result(double aucA, double aucB, double varA, double varB, double covAB) {
        double var = varA + varB - 2 * covAB;
        double z;
        double p;
        if (var <= 1e-300) {
            z = aucA == aucB ? 0 : Math.copySign(Double.POSITIVE_INFINITY, aucA - aucB);
            p = aucA == aucB ? 1 : 0;
        } else {
            z = (aucA - aucB) / Math.sqrt(var);
            p = 2 * new NormalDistribution(null, 0, 1).cumulativeProbability(-Math.abs(z));
        }
        return new Result(aucA, aucB, varA, varB, covAB, z, p);
    }

    /** DeLong variance of one AUC. */
    public static double variance(boolean[] positive, double[] score) {
        double[][] c = components(positive, score);
        return cov(c[0], c[0]) / c[0].length + cov(c[1], c[1]) / c[1].length;
    }

    private static double cov(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - ma) * (b[i] - mb);
        }
        return s / (a.length - 1);
    }
}
