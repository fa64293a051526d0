package org.covidmtl.api.loss;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * How a multitask model combines its per-task losses. Registered with {@code covidmtl.stage=loss} and
 * {@code covidmtl.name=<name>} ({@code random-weighted}, {@code uncertainty}, {@code mean}, ...). A
 * strategy is stateless; {@link #start} gives each training run its own {@link TaskWeighting}.
 */
@ConsumerType
public interface LossStrategy {

    /**
     * Starts the weighting of one training run.
     *
     * @param tasks number of tasks (at least 1)
     * @param seed seed of every random draw the weighting makes
     */
    TaskWeighting start(int tasks, long seed);
}
