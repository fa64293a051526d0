package org.covidmtl.evaluation;

import java.util.Arrays;

/**
 * Areas under the ROC curve.
 * <ul>
 * <li>{@link #exact}: the Mann–Whitney statistic, P(score of a positive &gt; score of a negative) + ½ P(tie);
 * equals the trapezoid area under the empirical ROC curve.</li>
 * <li>{@link #paper}: the COVID-MTL paper's figure: per class a one-vs-rest ROC curve, its TPR linearly
 * interpolated at 100 FPR points spaced evenly in [0, 1] (first set to 0, last to 1), the trapezoid area under
 * those points; reported as mean ± population standard deviation over the classes.</li>
 * </ul>
 */
public final class Auc {
    /** FPR grid points of the paper's interpolated ROC. */
    public static final int GRID = 100;

    private Auc() {
    }

    /**
     * Exact AUC with ties counted ½, by midranks: (R+ − n+(n+ + 1)/2) / (n+ n−).
     *
     * @param positive true for the positive studies
     * @param score higher means more likely positive
     */
    public static double exact(boolean[] positive, double[] score) {
        int n = score.length;
        if (positive.length != n) {
            throw new IllegalArgumentException(positive.length + " labels but " + n + " scores");
        }
        double[] ranks = midranks(score);
        double rankSum = 0;
        long pos = 0;
        for (int i = 0; i < n; i++) {
            if (positive[i]) {
                rankSum += ranks[i];
                pos++;
            }
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /** Exact one-vs-rest AUC of class {@code k}: positives are studies of class k, score is p_k. */
    public static double exact(int[] truth, double[][] probabilities, int k) {
        return exact(oneVsRest(truth, k), column(probabilities, k));
    }

    /** 1-based midranks (tied values share the mean of their ranks). */
    public static double[] midranks(double[] x) {
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && x[order[j + 1]] == x[order[i]]) {
                j++;
            }
            double mid = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = mid;
            }
            i = j + 1;
        }
        return r;
    }

    /**
     * The empirical ROC curve as scikit-learn's {@code roc_curve(drop_intermediate=False)} gives it: one point per
     * distinct score (descending thresholds), preceded by (0, 0).
     *
     * @return {fpr[], tpr[]}
     */
    public static double[][] rocCurve(boolean[] positive, double[] score) {
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        double[] fps = new double[n + 1];
        double[] tps = new double[n + 1];
        int m = 1;
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < n; i++) {
            if (positive[order[i]]) {
                tp++;
            } else {
                fp++;
            }
            if (i == n - 1 || score[order[i + 1]] != score[order[i]]) {
                fps[m] = fp;
                tps[m] = tp;
                m++;
            }
        }
        double[] fpr = new double[m];
        double[] tpr = new double[m];
        for (int i = 0; i < m; i++) {
            fpr[i] = fp == 0 ? Double.NaN : fps[i] / fp;
            tpr[i] = tp == 0 ? Double.NaN : tps[i] / tp;
        }
        return new double[][] { fpr, tpr };
    }

    /** The paper's FPR grid: 0, 1/99, ..., 1. */
    public static double[] grid() {
        double[] x = new double[GRID];
        double step = 1.0 / (GRID - 1);
        for (int i = 0; i < GRID; i++) {
            x[i] = i * step;
        }
        x[GRID - 1] = 1.0;
        return x;
    }

    /**
     * TPR of an ROC curve linearly interpolated at the grid points, as {@code numpy.interp} does (at an FPR
     * shared by several points, the last, highest TPR), then first set to 0 and last to 1.
     */
    public static double[] interpolatedTpr(double[] fpr, double[] tpr) {
        double[] x = grid();
        double[] y = new double[x.length];
        int j = 0;
        for (int g = 0; g < x.length; g++) {
            double xv = x[g];
            while (j + 1 < fpr.length && fpr[j + 1] <= xv) {
                j++;
            }
            if (j + 1 >= fpr.length || fpr[j] == xv) {
                y[g] = tpr[j];
            } else {
                double slope = (tpr[j + 1] - tpr[j]) / (fpr[j + 1] - fpr[j]);
                y[g] = slope * (xv - fpr[j]) + tpr[j];
            }
        }
        y[0] = 0;
        y[y.length - 1] = 1;
        return y;
    }

    /** Trapezoid area under y(x). */
    public static double trapezoid(double[] x, double[] y) {
        double a = 0;
        for (int i = 1; i < x.length; i++) {
            a += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        }
        return a;
    }

    /**
     * The paper's AUC of every class, one-vs-rest.
     *
     * @return one value per class (NaN for a class absent or alone in {@code truth})
     */
    public static double[] paperPerClass(int[] truth, double[][] probabilities) {
        int classes = probabilities[0].length;
        double[] out = new double[classes];
        double[] x = grid();
        for (int k = 0; k < classes; k++) {
            double[][] roc = rocCurve(oneVsRest(truth, k), column(probabilities, k));
            if (Double.isNaN(roc[0][roc[0].length - 1]) || Double.isNaN(roc[1][roc[1].length - 1])) {
                out[k] = Double.NaN;
                continue;
            }
            out[k] = trapezoid(x, interpolatedTpr(roc[0], roc[1]));
        }
        return out;
    }

    /**
     * The paper's "AUC ± s".
     *
     * @return {mean, population standard deviation} over the classes
     */
    public static double[] paper(int[] truth, double[][] probabilities) {
        return meanStd(paperPerClass(truth, probabilities));
    }

    /** The paper's mean ROC curve over the classes at the grid points (for plots). */
    public static double[] paperMeanTpr(int[] truth, double[][] probabilities) {
        int classes = probabilities[0].length;
        double[] mean = new double[GRID];
        int used = 0;
        for (int k = 0; k < classes; k++) {
            double[][] roc = rocCurve(oneVsRest(truth, k), column(probabilities, k));
            if (Double.isNaN(roc[0][roc[0].length - 1]) || Double.isNaN(roc[1][roc[1].length - 1])) {
                continue;
            }
            double[] y = interpolatedTpr(roc[0], roc[1]);
            for (int g = 0; g < GRID; g++) {
                mean[g] += y[g];
            }
            used++;
        }
        for (int g = 0; g < GRID; g++) {
            mean[g] /= used;
        }
        return mean;
    }

    /** Exact AUC for the task: binary → class 1 vs class 0; multiclass → mean of the one-vs-rest AUCs. */
    public static double exactTask(int[] truth, double[][] probabilities) {
        int classes = probabilities[0].length;
        if (classes == 2) {
            return exact(truth, probabilities, 1);
        }
        double s = 0;
        int used = 0;
        for (int k = 0; k < classes; k++) {
            double a = exact(truth, probabilities, k);
            if (!Double.isNaN(a)) {
                s += a;
                used++;
            }
        }
        return used == 0 ? Double.NaN : s / used;
    }

    static double[] meanStd(double[] v) {
        double s = 0;
        int n = 0;
        for (double d : v) {
            if (!Double.isNaN(d)) {
                s += d;
                n++;
            }
        }
        if (n == 0) {
            return new double[] { Double.NaN, Double.NaN };
        }
        double mean = s / n;
        double ss = 0;
        for (double d : v) {
            if (!Double.isNaN(d)) {
                ss += (d - mean) * (d - mean);
            }
        }
        return new double[] { mean, Math.sqrt(ss / n) };
    }

    public static boolean[] oneVsRest(int[] truth, int k) {
        boolean[] b = new boolean[truth.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = truth[i] == k;
        }
        return b;
    }

    public static double[] column(double[][] m, int k) {
        double[] c = new double[m.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = m[i][k];
        }
        return c;
    }
}
