package org.covidmtl.api.loss;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The weighting of one training run, used once per iteration by the trainer:
 * <ol>
 * <li>{@link #next()} gives w<sub>k</sub> = ∂total/∂L<sub>k</sub>; the trainer scales task k's gradient by
 * it;</li>
 * <li>after the forward pass, {@link #total(double[])} gives the combined loss of that iteration;</li>
 * <li>{@link #learn(double[], double)} lets a strategy with parameters of its own (uncertainty
 * weighting's log-variances) take its gradient step.</li>
 * </ol>
 * Not thread-safe: one instance per training run.
 */
@ConsumerType
public interface TaskWeighting {

    /** Weights for the coming iteration, one per task (random strategies draw them anew here). */
    double[] next();

    /** The combined loss for these per-task losses, with the weights of the current iteration. */
    double total(double[] taskLosses);

    /**
     * One gradient step on the strategy's own parameters, given this iteration's per-task losses. A
     * no-op for strategies without parameters.
     */
    default void learn(double[] taskLosses, double learningRate) {
    }

    /** The strategy's own parameters (e.g. log-variances), empty when it has none. */
    default double[] parameters() {
        return new double[0];
    }
}
