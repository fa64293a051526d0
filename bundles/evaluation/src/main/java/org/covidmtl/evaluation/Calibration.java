package org.covidmtl.evaluation;

/**
 * Calibration of predicted probabilities: Brier score and the reliability curve.
 * <ul>
 * <li>Binary tasks: Brier = mean (p₁ − y)² (scikit-learn's {@code brier_score_loss}); the curve bins p₁ and
 * plots the fraction of positives against the mean p₁ per bin.</li>
 * <li>Multiclass tasks: Brier = mean Σₖ (pₖ − 1[y = k])²; the curve is top-label: bins the largest probability
 * and plots the accuracy of the argmax against the mean confidence per bin.</li>
 * </ul>
 */
public final class Calibration {

    /**
     * @param meanPredicted mean predicted probability (or confidence) per non-empty bin
     * @param observed fraction of positives (or accuracy) per non-empty bin
     * @param counts studies per non-empty bin
     * @param ece expected calibration error Σ (n_b/N)·|observed − predicted|
     */
    public record Curve(double[] meanPredicted, double[] observed, int[] counts, double ece) {
    }

    private Calibration() {
    }

    public static double brier(int[] truth, double[][] probabilities) {
        int classes = probabilities[0].length;
        double s = 0;
        for (int i = 0; i < truth.length; i++) {
            if (classes == 2) {
                double d = probabilities[i][1] - (truth[i] == 1 ? 1 : 0);
                s += d * d;
            } else {
                for (int k = 0; k < classes; k++) {
                    double d = probabilities[i][k] - (truth[i] == k ? 1 : 0);
                    s += d * d;
                }
            }
        }
        return s / truth.length;
    }

    /** Reliability curve with {@code bins} equal-width bins on [0, 1]. */
    public static Curve reliability(int[] truth, double[][] probabilities, int bins) {
        int classes = probabilities[0].length;
        double[] sumP = new double[bins];
        double[] sumY = new double[bins];
        int[] count = new int[bins];
        int[] predicted = Classification.argmax(probabilities);
        for (int i = 0; i < truth.length; i++) {
            double p;
            double y;
            if (classes == 2) {
                p = probabilities[i][1];
                y = truth[i] == 1 ? 1 : 0;
            } else {
                p = probabilities[i][predicted[i]];
                y = truth[i] == predicted[i] ? 1 : 0;
            }
            int b = Math.min(bins - 1, Math.max(0, (int) Math.floor(p * bins)));
            sumP[b] += p;
            sumY[b] += y;
            count[b]++;
        }
        int used = 0;
        for (int c : count) {
            if (c > 0) {
                used++;
            }
        }
        double[] mp = new double[used];
        double[] ob = new double[used];
        int[] cn = new int[used];
        double ece = 0;
        int j = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                mp[j] = sumP[b] / count[b];
                ob[j] = sumY[b] / count[b];
                cn[j] = count[b];
                ece += (double) count[b] / truth.length * Math.abs(ob[j] - mp[j]);
                j++;
            }
        }
        return new Curve(mp, ob, cn, ece);
    }
}
