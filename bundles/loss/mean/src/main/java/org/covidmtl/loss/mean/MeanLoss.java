package org.covidmtl.loss.mean;

import java.util.Arrays;

import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.loss.TaskWeighting;

/** Equal weights: total = (1/K) Σ L<sub>k</sub>. */
public final class MeanLoss implements LossStrategy {

    @Override
    public TaskWeighting start(int tasks, long seed) {
        if (tasks < 1) {
            throw new IllegalArgumentException("tasks must be at least 1, is " + tasks);
        }
        double[] weights = new double[tasks];
        Arrays.fill(weights, 1.0 / tasks);
        return new TaskWeighting() {
            @Override
            public double[] next() {
                return weights.clone();
            }

            @Override
            public double total(double[] taskLosses) {
                if (taskLosses.length != tasks) {
                    throw new IllegalArgumentException(taskLosses.length + " task losses for " + tasks + " tasks");
                }
                return Arrays.stream(taskLosses).sum() / tasks;
            }
        };
    }
}
