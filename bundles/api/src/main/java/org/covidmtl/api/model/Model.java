package org.covidmtl.api.model;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.stage.Progress;
import org.osgi.annotation.versioning.ConsumerType;

/** A model created by a {@link ModelFactory}: trained once, then asked for predictions. */
@ConsumerType
public interface Model {

    /**
     * Trains on {@code train}.
     *
     * @param validation studies for validation loss curves, or {@code null}
     * @param loss how per-task losses combine; single-task and tree models ignore it
     */
    TrainingHistory fit(Cohort train, Cohort validation, LossStrategy loss, Progress progress);

    /** Class probabilities for every study of {@code data}, for each task the model was created for. */
    Predictions predict(Cohort data, Progress progress);
}
