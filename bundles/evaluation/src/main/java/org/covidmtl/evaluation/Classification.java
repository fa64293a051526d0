package org.covidmtl.evaluation;

/**
 * Threshold metrics of a classifier that predicts the most probable class: accuracy, confusion matrix and
 * scikit-learn's support-weighted precision, recall and F1 (a class never predicted has precision 0, as
 * scikit-learn's {@code zero_division} default does).
 */
public final class Classification {
    private Classification() {
    }

    /** Index of the largest probability per row (the first one on ties). */
    public static int[] argmax(double[][] probabilities) {
        int[] out = new int[probabilities.length];
        for (int i = 0; i < out.length; i++) {
            double[] p = probabilities[i];
            int best = 0;
            for (int k = 1; k < p.length; k++) {
                if (p[k] > p[best]) {
                    best = k;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** [true class][predicted class] counts. */
    public static long[][] confusion(int[] truth, int[] predicted, int classes) {
        check(truth, predicted);
        long[][] m = new long[classes][classes];
        for (int i = 0; i < truth.length; i++) {
            m[truth[i]][predicted[i]]++;
        }
        return m;
    }

    public static double accuracy(int[] truth, int[] predicted) {
        check(truth, predicted);
        int ok = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == predicted[i]) {
                ok++;
            }
        }
        return (double) ok / truth.length;
    }

    /**
     * Support-weighted precision, recall and F1.
     *
     * @return {precision, recall, f1}
     */
    public static double[] weighted(int[] truth, int[] predicted, int classes) {
        long[][] m = confusion(truth, predicted, classes);
        double p = 0;
        double r = 0;
        double f = 0;
        long n = truth.length;
        for (int k = 0; k < classes; k++) {
            long tp = m[k][k];
            long support = 0;
            long predictedK = 0;
            for (int j = 0; j < classes; j++) {
                support += m[k][j];
                predictedK += m[j][k];
            }
            double prec = predictedK == 0 ? 0 : (double) tp / predictedK;
            double rec = support == 0 ? 0 : (double) tp / support;
            double f1 = prec + rec == 0 ? 0 : 2 * prec * rec / (prec + rec);
            double w = (double) support / n;
            p += w * prec;
            r += w * rec;
            f += w * f1;
        }
        return new double[] { p, r, f };
    }

    private static void check(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " labels but " + predicted.length + " predictions");
        }
        if (truth.length == 0) {
            throw new IllegalArgumentException("no studies");
        }
    }
}
