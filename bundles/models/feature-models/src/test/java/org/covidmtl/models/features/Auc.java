package org.covidmtl.models.features;

import java.util.Arrays;

/** Test-side AUC: exact Mann–Whitney for binary tasks, the paper's interpolated one-vs-rest mean otherwise. */
final class Auc {
    private Auc() {
    }

    /** Exact AUC of scores for the positive class (ties count one half). */
    static double mannWhitney(double[] score, int[] positive) {
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        double rankSumPos = 0;
        long nPos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double avgRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]] == 1) {
                    rankSumPos += avgRank;
                    nPos++;
                }
            }
            i = j + 1;
        }
        long nNeg = n - nPos;
        return (rankSumPos - nPos * (nPos + 1) / 2.0) / ((double) nPos * nNeg);
    }

    /** Binary task: AUC of column 1. */
    static double binary(double[][] proba, int[] y) {
        double[] s = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            s[i] = proba[i][1];
        }
        return mannWhitney(s, y);
    }

    /**
     * The paper's AUC: per class a one-vs-rest ROC (scikit-learn roc_curve, drop_intermediate), TPR
     * linearly interpolated at 100 FPR points in [0, 1] with the first set to 0 and the last to 1,
     * trapezoid area; returns {mean, population std} over classes.
     */
    static double[] paper(double[][] proba, int[] y) {
        int classes = proba[0].length;
        double[] aucs = new double[classes];
        for (int c = 0; c < classes; c++) {
            double[] s = new double[y.length];
            int[] pos = new int[y.length];
            for (int i = 0; i < y.length; i++) {
                s[i] = proba[i][c];
                pos[i] = y[i] == c ? 1 : 0;
            }
            double[][] roc = roc(s, pos);
            double[] grid = new double[100];
            double[] tpr = new double[100];
            for (int k = 0; k < 100; k++) {
                grid[k] = k / 99.0;
                tpr[k] = interp(grid[k], roc[0], roc[1]);
            }
            tpr[0] = 0;
            tpr[99] = 1;
            double a = 0;
            for (int k = 1; k < 100; k++) {
                a += (grid[k] - grid[k - 1]) * (tpr[k] + tpr[k - 1]) / 2;
            }
            aucs[c] = a;
        }
        double mean = Arrays.stream(aucs).average().orElse(Double.NaN);
        double var = 0;
        for (double a : aucs) {
            var += (a - mean) * (a - mean);
        }
        return new double[] { mean, Math.sqrt(var / classes) };
    }

    /** ROC points (fpr, tpr) at every distinct threshold, starting at (0, 0). */
    static double[][] roc(double[] score, int[] pos) {
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        long p = Arrays.stream(pos).filter(v -> v == 1).count();
        long q = n - p;
        double[] fpr = new double[n + 1];
        double[] tpr = new double[n + 1];
        int m = 1;
        long tp = 0;
        long fp = 0;
        for (int k = 0; k < n; k++) {
            if (pos[order[k]] == 1) {
                tp++;
            } else {
                fp++;
            }
            if (k == n - 1 || score[order[k + 1]] != score[order[k]]) {
                fpr[m] = (double) fp / q;
                tpr[m] = (double) tp / p;
                m++;
            }
        }
        return new double[][] { Arrays.copyOf(fpr, m), Arrays.copyOf(tpr, m) };
    }

    /** numpy.interp: xs increasing (ties allowed; the last of equal xs wins, as numpy's search does). */
    static double interp(double x, double[] xs, double[] ys) {
        if (x <= xs[0]) {
            return ys[0];
        }
        if (x >= xs[xs.length - 1]) {
            return ys[ys.length - 1];
        }
        int hi = 1;
        while (xs[hi] <= x) {
            hi++;
        }
        int lo = hi - 1;
        double dx = xs[hi] - xs[lo];
        return dx == 0 ? ys[hi] : ys[lo] + (ys[hi] - ys[lo]) * (x - xs[lo]) / dx;
    }

    /** The AUC of a task as the tests report it: exact binary AUC, or the paper's mean for 3 classes. */
    static double of(double[][] proba, int[] y) {
        return proba[0].length == 2 ? binary(proba, y) : paper(proba, y)[0];
    }
}
