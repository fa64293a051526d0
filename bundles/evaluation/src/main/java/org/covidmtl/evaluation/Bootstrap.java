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

    private Bootstrap() {
    }

    /**
     * @return {lower, upper} of the {@code level} interval (e.g. 0.95)
     */
    public static double[] interval(int[] truth, double[][] probabilities, Statistic statistic, int resamples,
            long seed, double level) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = truth.length;
        double[] reps = new double[resamples];
        int kept = 0;
        int[] t = new int[n];
        double[][] p = new double[n][];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                int j = rnd.nextInt(n);
                t[i] = truth[j];
                p[i] = probabilities[j];
            }
            double v = statistic.compute(t, p);
            if (!Double.isNaN(v)) {
                reps[kept++] = v;
            }
        }
        if (kept == 0) {
            return new double[] { Double.NaN, Double.NaN };
        }
        double[] s = Arrays.copyOf(reps, kept);
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
