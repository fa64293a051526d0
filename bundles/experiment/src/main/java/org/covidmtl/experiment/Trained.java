package org.covidmtl.experiment;

import org.covidmtl.api.model.Predictions;
import org.covidmtl.api.model.TrainingHistory;

/**
 * One trained model of an experiment (run × loss × seed) with its test predictions and what its training cost.
 *
 * @param configuration run label, with {@code /loss} when there is one
 * @param run the run of the experiment file
 * @param loss the loss strategy's name, empty for none
 * @param seed the seed
 * @param predictions class probabilities on the test split, in its study order
 * @param history per-epoch losses (empty for models without epochs)
 * @param wallSeconds wall-clock seconds of {@code fit}
 * @param threads the threads the training was given
 */
record Trained(String configuration, ExperimentSpec.Run run, String loss, long seed, Predictions predictions,
        TrainingHistory history, double wallSeconds, TrainingThreads threads) {
}
