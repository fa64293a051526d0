package org.covidmtl.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.LabelledStudy;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.ModelInput;
import org.covidmtl.api.model.Prediction;
import org.covidmtl.api.model.Predictions;
import org.covidmtl.api.model.StudyTraining;
import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;

/**
 * One training of a volume run: the model trains on the prepared training studies ({@link StudyTraining}, as
 * {@code mtl:train} trains it) and predicts every test study one by one ({@link Model#predict(org.covidmtl.api.model.Study)}).
 */
final class VolumeRun {
    private VolumeRun() {
    }

    /** Whether a factory's models train on CT volumes (its descriptor's inputs include {@code VOLUME}). */
    static boolean readsVolumes(ModelFactory factory) {
        return factory.descriptor().inputs().contains(ModelInput.VOLUME);
    }

    /**
     * A volume run's parameters for the model: as given, with {@code feature-names} (a file) resolved against the
     * experiment file's folder, as {@code mtl:train} resolves it.
     */
    static Map<String, String> parameters(ExperimentSpec spec, ExperimentSpec.Run run) {
        Map<String, String> out = new LinkedHashMap<>(run.parameters());
        out.computeIfPresent(FEATURE_NAMES, (k, v) -> spec.file().toAbsolutePath().getParent().resolve(v).normalize()
                .toString());
        return out;
    }

    /**
     * Parameters a volume run may not set: {@code mtl:train} sets them for its one training; an experiment's
     * trainings (several seeds and losses) keep no checkpoints.
     */
    static final List<String> RESERVED = List.of(org.covidmtl.assessment.TrainingExperiment.RESERVED.stream()
            .sorted().toArray(String[]::new));

    private static final String FEATURE_NAMES = "feature-names";

    /**
     * Trains {@code model} on the training studies.
     *
     * @param validate whether the test studies give the validation loss (the experiment's {@code validation})
     * @throws StageException naming the configuration when the model cannot train on studies
     */
    static TrainingHistory fit(Model model, String configuration, VolumeStudies.Prepared studies, boolean validate,
            Progress progress) {
        if (!(model instanceof StudyTraining training)) {
            throw new StageException("run " + configuration, "the model reads CT volumes but cannot train on studies"
                    + " (its models are not a StudyTraining)");
        }
        return training.fit(studies.train(), validate ? studies.test() : List.of(), progress);
    }

    /** Class probabilities of every test study, per task, in the test studies' order. */
    static Predictions predict(Model model, List<LabelledStudy> test, List<Task> tasks, Progress progress) {
        List<String> ids = new ArrayList<>();
        Map<String, double[][]> probabilities = new LinkedHashMap<>();
        tasks.forEach(t -> probabilities.put(t.name(), new double[test.size()][]));
        for (int i = 0; i < test.size(); i++) {
            progress.checkCanceled();
            progress.setProgress((double) i / test.size(), "predicting " + test.get(i).study().id());
            Prediction p = model.predict(test.get(i).study());
            ids.add(test.get(i).study().id());
            for (Task t : tasks) {
                double[] q = p.probabilities().get(t.name());
                probabilities.get(t.name())[i] = q == null ? new double[0] : q;
            }
        }
        progress.setProgress(1, null);
        return new Predictions(ids, probabilities);
    }
}
