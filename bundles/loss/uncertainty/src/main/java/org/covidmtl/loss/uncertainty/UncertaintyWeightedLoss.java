package org.covidmtl.loss.uncertainty;

import java.util.Arrays;

import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.loss.TaskWeighting;

/**
 * Uncertainty weighting (Kendall, Gal and Cipolla, CVPR 2018): each task k has a learned log-variance
 * s<sub>k</sub>; total = Σ exp(−s<sub>k</sub>)·L<sub>k</sub> + s<sub>k</sub>/2. The weights handed to the
 * trainer are ∂total/∂L<sub>k</sub> = exp(−s<sub>k</sub>); after each iteration the s<sub>k</sub> take a
 * plain gradient step, ∂total/∂s<sub>k</sub> = −exp(−s<sub>k</sub>)·L<sub>k</sub> + ½. Unlike the
 * reference code, whose s<sub>k</sub> never reach the optimiser, they are really learned here: with a
 * constant loss L they converge to ln(2L).
 */
public final class UncertaintyWeightedLoss implements LossStrategy {
    private final double initialLogVariance;
    private final double learningRateFactor;

    /**
     * @param initialLogVariance starting s<sub>k</sub> (0: weight 1)
     * @param learningRateFactor the s<sub>k</sub> learn at this multiple of the network's learning rate
     */
    public UncertaintyWeightedLoss(double initialLogVariance, double learningRateFactor) {
        if (!Double.isFinite(initialLogVariance) || !(learningRateFactor >= 0)) {
            throw new IllegalArgumentException(
                    "initial log-variance " + initialLogVariance + ", learning-rate factor " + learningRateFactor);
        }
        this.initialLogVariance = initialLogVariance;
        this.learningRateFactor = learningRateFactor;
    }

    @Override
    public TaskWeighting start(int tasks, long seed) {
        if (tasks < 1) {
            throw new IllegalArgumentException("tasks must be at least 1, is " + tasks);
        }
        double[] s = new double[tasks];
        Arrays.fill(s, initialLogVariance);
        return new Weighting(s);
    }

    private final class Weighting implements TaskWeighting {
        private final double[] logVariance;

        Weighting(double[] logVariance) {
            this.logVariance = logVariance;
        }

        @Override
        public double[] next() {
            double[] w = new double[logVariance.length];
            for (int k = 0; k < w.length; k++) {
                w[k] = Math.exp(-logVariance[k]);
            }
            return w;
        }

        @Override
        public double total(double[] taskLosses) {
            check(taskLosses);
            double t = 0;
            for (int k = 0; k < logVariance.length; k++) {
                t += Math.exp(-logVariance[k]) * taskLosses[k] + logVariance[k] / 2;
            }
            return t;
        }

        @Override
        public void learn(double[] taskLosses, double learningRate) {
            check(taskLosses);
            double step = learningRate * learningRateFactor;
            for (int k = 0; k < logVariance.length; k++) {
                double gradient = -Math.exp(-logVariance[k]) * taskLosses[k] + 0.5;
                logVariance[k] -= step * gradient;
            }
        }

        @Override
        public double[] parameters() {
            return logVariance.clone();
        }

        private void check(double[] taskLosses) {
            if (taskLosses.length != logVariance.length) {
                throw new IllegalArgumentException(
                        taskLosses.length + " task losses for " + logVariance.length + " tasks");
            }
            for (double l : taskLosses) {
                if (!Double.isFinite(l)) {
                    throw new IllegalArgumentException("task loss is " + l);
                }
            }
        }
    }
}
