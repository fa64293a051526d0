package org.covidmtl.evaluation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap confidence intervals: studies resampled with replacement, the statistic recomputed, the
 * 2.5th and 97.5th percentiles (linear interpolation, as numpy's default) of the replicates. Replicates where the
 * statistic is undefined (NaN, e.g. a class missing from the resample) are dropped.
 */
public final class Bootstrap {

    /** A statistic of truth and probabilities. */
    @FunctionalInterface
    public interface Statistic {
        double compute(int[] truth, double[][] probabilities);
    }

    /** Receives each resample of the studies. */
    @FunctionalInterface
    public interface Resample {
        void accept(int[] truth, double[][] probabilities);
    }

    private Bootstrap() {
    }

    /**
     * @return {lower, upper} of the {@code level} interval (e.g. 0.95)
     */
    public static double[] interval(int[] truth, double[][] probabilities, Statistic statistic, int resamples,
            long seed, double level) {
        double[] reps = new double[resamples];
        int[] kept = { 0 };
        resample(truth, probabilities, resamples, seed, (t, p) -> {
            double v = statistic.compute(t, p);
            if (!Double.isNaN(v)) {
                reps[kept[0]++] = v;
            }
        });
        return interval(Arrays.copyOf(reps, kept[0]), level);
    }

    /**
     * Draws {@code resamples} resamples of the studies with replacement, the same sequence for the same seed (the
     * arrays handed to {@code each} are reused between resamples).
     */
    public static void resample(int[] truth, double[][] probabilities, int resamples, long seed, Resample each) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = truth.length;
        int[] t = new int[n];
        double[][] p = new double[n][];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                int j = rnd.nextInt(n);
                t[i] = truth[j];
                p[i] = probabilities[j];
            }
            each.accept(t, p);
        }
    }

    /** {lower, upper} of the {@code level} percentile interval of replicates (NaN, NaN when there are none). */
    public static double[] interval(double[] replicates, double level) {
        if (replicates.length == 0) {
            return new double[] { Double.NaN, Double.NaN };
        }
        double[] s = replicates.clone();
        Arrays.sort(s);
        double alpha = (1 - level) / 2;
        return new double[] { percentile(s, alpha), percentile(s, 1 - alpha) };
    }

    /** Quantile q in [0,1] of sorted values, linear interpolation between closest ranks. */
    public static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
