package org.covidmtl.models.volume;

/**
 * How {@code covid-mtl} trains on volumes (parameters of {@link CovidMtlSettings}; defaults = the paper's set-up).
 *
 * @param epochs              epochs E (80)
 * @param batchSize           studies per iteration (10)
 * @param learningRate        lr<sub>0</sub> of the cosine schedule (0.005)
 * @param minLearningRate     floor of the schedule (5e-5, as the paper says)
 * @param momentum            SGD momentum, Nesterov (0.9)
 * @param weightDecay         SGD weight decay on every trained parameter (5e-5)
 * @param noiseProbability    chance of additive Gaussian noise per training study (0.2)
 * @param augment             random crop, noise, rot90/flip on the training studies (true)
 * @param cropMargin          M: an HU volume is centre cropped/padded to (depth+M)×(size+M)×(size+M) and the
 *                            model's depth×size×size is cropped from it at the reference's offsets scaled by M/140
 *                            (140: the reference's 340×390×390 → 200×250×250)
 * @param checkpoints         folder of the per-epoch checkpoints, or {@code null} for none
 * @param resume              continue from the latest checkpoint in {@code checkpoints}
 * @param threads             ND4J's maximum threads, or 0 to leave ND4J's setting alone
 */
public record TrainingSettings(int epochs, int batchSize, double learningRate, double minLearningRate, double momentum,
        double weightDecay, double noiseProbability, boolean augment, int cropMargin, String checkpoints,
        boolean resume, int threads) {

    /** The reference's margin: 340 − 200 = 390 − 250 = 140. */
    static final int REFERENCE_MARGIN = 140;

    /** Learning rate of epoch {@code e} (0-based): max(min, ½·lr<sub>0</sub>·(1 + cos(π·e/E))). */
    double learningRate(int e) {
        return Math.max(minLearningRate, 0.5 * learningRate * (1 + Math.cos(Math.PI * e / epochs)));
    }
}
