package org.covidmtl.api.model;

import java.util.List;

/**
 * Per-epoch record of a training run, for loss curves and provenance.
 *
 * @param epochs one entry per epoch
 */
public record TrainingHistory(List<Epoch> epochs) {
    public TrainingHistory {
        epochs = List.copyOf(epochs);
    }

    /**
     * @param epoch 1-based epoch number
     * @param learningRate learning rate used
     * @param trainLoss combined training loss, mean over iterations
     * @param validationLoss combined validation loss (NaN when there is no validation set)
     * @param taskLosses per-task training losses, mean over iterations
     * @param taskWeights per-task weights, mean over iterations
     */
    public record Epoch(int epoch, double learningRate, double trainLoss, double validationLoss, double[] taskLosses,
            double[] taskWeights) {
    }

    public static TrainingHistory none() {
        return new TrainingHistory(List.of());
    }
}
