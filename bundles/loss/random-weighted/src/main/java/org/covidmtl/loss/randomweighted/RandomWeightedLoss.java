package org.covidmtl.loss.randomweighted;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.loss.TaskWeighting;

/**
 * COVID-MTL's random-weighted loss: at every iteration the task weights are the mean of {@code draws}
 * samples of a flat Dirichlet(1, ..., 1); total = Σ w<sub>k</sub>·L<sub>k</sub>. With two tasks and
 * {@code twoTaskUniform}, p ~ U(0, 1) and the weights are (p, 1 − p), as the reference does for its
 * two-task models.
 */
public final class RandomWeightedLoss implements LossStrategy {
    private final int draws;
    private final boolean twoTaskUniform;

    /**
     * @param draws Dirichlet samples averaged per iteration (reference: 2)
     * @param twoTaskUniform with exactly two tasks, draw p ~ U(0,1) instead
     */
    public RandomWeightedLoss(int draws, boolean twoTaskUniform) {
        if (draws < 1) {
            throw new IllegalArgumentException("draws must be at least 1, is " + draws);
        }
        this.draws = draws;
        this.twoTaskUniform = twoTaskUniform;
    }

    @Override
    public TaskWeighting start(int tasks, long seed) {
        if (tasks < 1) {
            throw new IllegalArgumentException("tasks must be at least 1, is " + tasks);
        }
        return new Weighting(tasks, new SplittableRandom(seed));
    }

    private final class Weighting implements TaskWeighting {
        private final int tasks;
        private final SplittableRandom random;
        private double[] weights;

        Weighting(int tasks, SplittableRandom random) {
            this.tasks = tasks;
            this.random = random;
            this.weights = new double[tasks];
            Arrays.fill(weights, 1.0 / tasks);
        }

        @Override
        public double[] next() {
            double[] w = new double[tasks];
            if (tasks == 2 && twoTaskUniform) {
                double p = random.nextDouble();
                w[0] = p;
                w[1] = 1 - p;
            } else {
                for (int d = 0; d < draws; d++) {
                    double[] sample = flatDirichlet(tasks, random);
                    for (int k = 0; k < tasks; k++) {
                        w[k] += sample[k] / draws;
                    }
                }
            }
            weights = w;
            return w.clone();
        }

        @Override
        public double total(double[] taskLosses) {
            if (taskLosses.length != tasks) {
                throw new IllegalArgumentException(taskLosses.length + " task losses for " + tasks + " tasks");
            }
            double t = 0;
            for (int k = 0; k < tasks; k++) {
                t += weights[k] * taskLosses[k];
            }
            return t;
        }
    }

    /** One draw of Dirichlet(1, ..., 1): normalised standard exponentials (uniform on the simplex). */
    static double[] flatDirichlet(int k, SplittableRandom random) {
        double[] e = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            // 1 - nextDouble() is in (0, 1]: the logarithm is finite
            e[i] = -Math.log(1.0 - random.nextDouble());
            sum += e[i];
        }
        for (int i = 0; i < k; i++) {
            e[i] /= sum;
        }
        return e;
    }
}
