package org.covidmtl.api.model;

import java.util.List;

import org.covidmtl.api.stage.Progress;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Optional capability of a {@link Model} that reads volumes: training on studies whose volumes are opened when a
 * batch needs them (streamed from disk), not held in memory as a cohort. Callers test
 * {@code model instanceof StudyTraining}.
 *
 * @since 2.1.0
 */
@ConsumerType
public interface StudyTraining {

    /**
     * Trains on {@code train}; a study whose volume cannot be opened is skipped with a warning naming it (the run
     * goes on) and counted in the history.
     *
     * @param validation studies for validation loss curves, or an empty list
     * @throws org.covidmtl.api.stage.StageException when no study can be used, or the loss diverges (naming the
     *         epoch)
     * @throws org.covidmtl.api.stage.CanceledException when {@code progress} is canceled (a checkpoint written
     *         before stays)
     */
    TrainingHistory fit(List<LabelledStudy> train, List<LabelledStudy> validation, Progress progress);
}
