package org.covidmtl.assessment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one assessment found and wrote.
 *
 * @param study the study's name (its file or folder name without the format's ending)
 * @param input the input as given
 * @param output the output folder
 * @param stages every stage in order, with its provider and time
 * @param predictions one per task of the model, in its order
 * @param warnings everything doubtful, by stage
 * @param model the model's identity
 * @param calibration how the calibrated confidences and prediction sets were made (the model's held-out
 *        predictions), or null when the model has none
 * @param cams the class activation maps written (volume models), or empty
 */
public record Assessment(String study, Path input, Path output, List<StageRun> stages, List<TaskPrediction> predictions,
        List<Warning> warnings, ModelInfo model, String calibration, List<CamFile> cams) {

    public Assessment {
        stages = List.copyOf(stages);
        predictions = List.copyOf(predictions);
        warnings = List.copyOf(warnings);
        cams = List.copyOf(cams);
    }

    /** The stage names, in pipeline order ({@code cam} only for models with class activation maps). */
    public static final List<String> STAGES = List.of("read", "resample", "segment", "crop-mask", "features",
            "predict", "cam", "write");

    /**
     * A class activation map's picture.
     *
     * @param task the task
     * @param classIndex the class it shows (the predicted one)
     * @param className its name
     * @param file the PNG's name in the output folder
     * @param cells the last convolutional layer's grid it was computed on ({x, y, z})
     * @param maxActivation the largest value of the map before scaling; ≤ 0: no part of the volume speaks for the
     *        class (its evidence comes from the features or the bias), and the picture shows none
     */
    public record CamFile(String task, int classIndex, String className, String file, int[] cells,
            double maxActivation) {
    }

    /**
     * One stage.
     *
     * @param stage one of {@link #STAGES}
     * @param provider the provider's name
     * @param version the provider's bundle version
     * @param description what it did
     * @param seconds wall time
     */
    public record StageRun(String stage, String provider, String version, String description, double seconds) {
    }

    /**
     * One task's prediction.
     *
     * @param task the task's name
     * @param description what the task's label means
     * @param classes the class names, in label order
     * @param probabilities one per class, summing to 1
     * @param predicted the most probable class
     * @param confidence its probability (the model's, not calibrated)
     * @param calibrated the calibrated confidence and 90 % prediction set ({@link Calibration}), or null when the
     *        model has no held-out predictions
     */
    public record TaskPrediction(String task, String description, List<String> classes, double[] probabilities,
            int predicted, double confidence, Calibration.Calibrated calibrated) {

        /** The 90 % prediction set's class names, or null. */
        public List<String> predictionSetNames() {
            return calibrated == null ? null : calibrated.predictionSet().stream().map(classes::get).toList();
        }

        public String predictedClass() {
            return classes.get(predicted);
        }
    }

    /** A warning of a stage. */
    public record Warning(String stage, String message) {
    }

    /**
     * The model's identity.
     *
     * @param name the factory's name
     * @param version the version that trained it
     * @param artifact its folder
     * @param trainingData what it was trained on (from its artifact)
     * @param created when it was trained
     * @param seed its training seed
     * @param isDefault whether it is the default model
     */
    public record ModelInfo(String name, String version, String artifact, String trainingData, String created,
            long seed, boolean isDefault) {
    }

    /** Wall seconds per stage, in order, then {@code total}. */
    public Map<String, Double> timings() {
        Map<String, Double> m = new LinkedHashMap<>();
        double total = 0;
        for (StageRun s : stages) {
            m.put(s.stage(), s.seconds());
            total += s.seconds();
        }
        m.put("total", total);
        return m;
    }

    /** {@code read 1.2 s (8%), …, total 15.0 s}. */
    public String timingLine() {
        Map<String, Double> t = timings();
        double total = t.get("total");
        List<String> parts = new ArrayList<>();
        for (StageRun s : stages) {
            parts.add(String.format(Locale.ROOT, "%s %.2f s (%.0f%%)", s.stage(), s.seconds(),
                    total > 0 ? 100 * s.seconds() / total : 0));
        }
        parts.add(String.format(Locale.ROOT, "total %.2f s", total));
        return String.join(", ", parts);
    }

    /** A few lines for the shell: predictions, warnings, timings, the folder. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(study).append(" (").append(model.name()).append(' ').append(model.version()).append("):");
        for (TaskPrediction p : predictions) {
            sb.append(String.format(Locale.ROOT, "%n  %-10s %s (p = %.3f", p.task(), p.predictedClass(), p.confidence()));
            if (p.calibrated() != null) {
                sb.append(String.format(Locale.ROOT, "; calibrated %.3f; 90%% set {%s}", p.calibrated().confidence(),
                        String.join(", ", p.predictionSetNames())));
            }
            sb.append(')');
        }
        for (Warning w : warnings) {
            sb.append("\nwarning (").append(w.stage()).append("): ").append(w.message());
        }
        sb.append('\n').append(timingLine());
        sb.append("\nwrote ").append(output);
        return sb.toString();
    }
}
