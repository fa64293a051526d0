package org.covidmtl.models.features;

import org.covidmtl.api.loss.TaskWeighting;

/** Constant task weights: Σ w<sub>k</sub>·L<sub>k</sub> (used when no loss strategy is given). */
final class FixedWeighting implements TaskWeighting {
    private final double[] weights;

    FixedWeighting(double[] weights) {
        this.weights = weights.clone();
    }

    /** 1/K each: the mean of the task losses. */
    static FixedWeighting mean(int tasks) {
        double[] w = new double[tasks];
        java.util.Arrays.fill(w, 1.0 / tasks);
        return new FixedWeighting(w);
    }

    @Override
    public double[] next() {
        return weights.clone();
    }

    @Override
    public double total(double[] taskLosses) {
        double t = 0;
        for (int k = 0; k < weights.length; k++) {
            t += weights[k] * taskLosses[k];
        }
        return t;
    }
}
