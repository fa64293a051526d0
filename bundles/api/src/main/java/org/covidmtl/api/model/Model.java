package org.covidmtl.api.model;

import java.nio.file.Path;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.stage.Progress;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A model created by {@link ModelFactory#create} (trained once with {@link #fit}) or loaded by
 * {@link ModelFactory#load} (already trained); then asked for predictions and saved.
 */
@ConsumerType
public interface Model {

    /**
     * Trains on {@code train}. A multitask model combines its task losses with the strategy of its
     * {@link ModelSettings#loss()}.
     *
     * @param validation studies for validation loss curves, or {@code null}
     */
    TrainingHistory fit(Cohort train, Cohort validation, Progress progress);

    /** Class probabilities for every study of {@code data}, for each task of the model. */
    Predictions predict(Cohort data, Progress progress);

    /**
     * Class probabilities for one study. Its features are taken by name ({@link ModelSchema#features()}),
     * its clinical attributes by name, its volume when the model reads one.
     *
     * @throws org.covidmtl.api.stage.StageException naming the study when an input the model needs is missing,
     *         not finite or of the wrong shape
     * @throws IllegalStateException before the model is trained
     */
    Prediction predict(Study study);

    /**
     * What the trained model consumes and predicts.
     *
     * @throws IllegalStateException before the model is trained
     */
    ModelSchema schema();

    /**
     * Writes the trained model as an artifact folder: everything needed to predict without the training data.
     * The folder appears complete or not at all; an artifact already there is replaced only once the new one is
     * complete.
     *
     * @throws IllegalStateException before the model is trained
     * @throws org.covidmtl.api.stage.StageException naming the folder when it cannot be written
     */
    void save(Path artifact);
}
