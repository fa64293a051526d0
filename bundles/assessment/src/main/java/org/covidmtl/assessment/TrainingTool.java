package org.covidmtl.assessment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.model.LabelledStudy;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelDescriptor;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.ModelInput;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.StudyTraining;
import org.covidmtl.api.model.TransferLearning;
import org.covidmtl.models.artifact.ArtifactManifest;
import org.covidmtl.models.artifact.Artifacts;
import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;

/**
 * {@code mtl:train} without OSGi: trains a model that trains on CT studies ({@link StudyTraining}, e.g.
 * {@code covid-mtl}) as an experiment file says ({@link TrainingExperiment}). Resolves the model factory and the
 * loss in the stages, checks everything that can be checked before any volume is read, prepares the studies
 * ({@link StudyPreparation}), trains with checkpoints in {@code <out>/checkpoints}, saves the trained artifact to
 * {@code <out>/model} and writes {@code training.csv} and {@code preparation.csv}.
 */
public final class TrainingTool {
    public static final String CHECKPOINTS = "checkpoints";
    public static final String MODEL = "model";
    public static final String HISTORY = "training.csv";
    public static final String PREPARATION = "preparation.csv";
    public static final String EXPERIMENT = "experiment.json";

    private final AssessmentStages stages;

    public TrainingTool(AssessmentStages stages) {
        this.stages = stages;
    }

    /**
     * What a run did.
     *
     * @param experiment the experiment that was run
     * @param out the output folder
     * @param artifact the trained model's artifact folder
     * @param history the model's per-epoch record
     * @param studies what became of every study
     * @param loss the loss strategy's name (null when the model got none)
     * @param seconds wall time of the whole run
     */
    public record Run(TrainingExperiment experiment, Path out, Path artifact, TrainingHistory history,
            List<StudyPreparation.Outcome> studies, String loss, double seconds) {

        public long trained() {
            return studies.stream().filter(o -> o.ok() && o.role().equals("train")).count();
        }

        public long validated() {
            return studies.stream().filter(o -> o.ok() && o.role().equals("validation")).count();
        }

        public long skipped() {
            return studies.stream().filter(o -> !o.ok()).count();
        }

        /** One line: what was trained, on what, the losses, and where the artifact is. */
        public String summary() {
            List<TrainingHistory.Epoch> h = history.epochs();
            String losses = "";
            if (!h.isEmpty()) {
                TrainingHistory.Epoch first = h.get(0);
                TrainingHistory.Epoch last = h.get(h.size() - 1);
                losses = String.format(Locale.ROOT, ": train loss %.4f → %.4f", first.trainLoss(), last.trainLoss())
                        + (Double.isNaN(last.validationLoss()) ? ""
                                : String.format(Locale.ROOT, ", validation loss %.4f", last.validationLoss()));
            }
            return String.format(Locale.ROOT, "trained %s \"%s\" on %d studies (%d validation, %d skipped), "
                    + "%d epoch%s, loss %s, seed %d, in %.1f s%s; model: %s", experiment.model(), experiment.name(),
                    trained(), validated(), skipped(), h.size(), h.size() == 1 ? "" : "s", loss == null ? "none"
                            : loss, experiment.seed(),
                    seconds, losses, artifact);
        }
    }

    /**
     * Runs an experiment file.
     *
     * @param file the experiment file (JSON)
     * @param out the output folder; null: {@code <file name without .json>-training} beside the file
     * @param resume continue the checkpoints of an earlier run in {@code <out>/checkpoints} (as the model defines)
     * @param threads the segmenter's worker threads
     * @param log one line per skipped study
     * @throws StageException one line, naming the file, study or model at fault
     */
    public Run train(Path file, Path out, boolean resume, int threads, Progress progress, PrintStream log) {
        long t0 = System.nanoTime();
        TrainingExperiment exp = TrainingExperiment.read(file);
        Path target = (out != null ? out : defaultOutput(file)).toAbsolutePath().normalize();

        // the model and the loss, before any volume is read
        Provider<ModelFactory> factory = stages.model(exp.model());
        ModelDescriptor d = factory.service().descriptor();
        if (!d.inputs().contains(ModelInput.VOLUME)) {
            throw new StageException("model " + exp.model(), "does not train on CT volumes (it reads "
                    + inputs(d) + "; its models are not a StudyTraining): mtl:train needs a model that trains on studies, such as covid-mtl (train "
                    + "feature models with mtl:experiment)");
        }
        ModelSettings.Loss loss = loss(exp, d);
        Path checkpoints = target.resolve(CHECKPOINTS);
        if (!resume && holdsFiles(checkpoints)) {
            throw new StageException(checkpoints.toString(), "holds the checkpoints of an earlier run: mtl:train "
                    + "--resume continues it, or give another --out");
        }
        Map<String, String> parameters = new LinkedHashMap<>(exp.parameters());
        parameters.put("checkpoints", checkpoints.toString());
        parameters.put("resume", Boolean.toString(resume));
        ModelSettings settings = new ModelSettings(TrainingExperiment.TASKS, parameters, exp.seed(), loss);
        Model model = exp.transfer() == null ? factory.service().create(settings) : transferred(exp, factory,
                settings);
        if (!(model instanceof StudyTraining training)) {
            throw new StageException("model " + exp.model(), "cannot train on studies (its models are not a "
                    + "StudyTraining): mtl:train needs a model such as covid-mtl");
        }

        try {
            Files.createDirectories(target);
            Files.copy(file, target.resolve(EXPERIMENT), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StageException(target.toString(), "cannot write the output folder: " + e, e);
        }

        // the studies: prepared once, reused every epoch
        List<StudyPreparation.Outcome> outcomes = new StudyPreparation(stages).prepare(exp, target, threads,
                progress.sub(0, 0.3), log);
        writePreparation(target.resolve(PREPARATION), outcomes);
        List<LabelledStudy> train = new ArrayList<>();
        List<LabelledStudy> validation = new ArrayList<>();
        Map<String, StudyTable.Entry> byId = new HashMap<>();
        exp.studies().forEach(e -> byId.put(e.id(), e));
        for (StudyPreparation.Outcome o : outcomes) {
            if (o.ok()) {
                LabelledStudy ls = new LabelledStudy(o.study(), byId.get(o.id()).labels());
                (o.role().equals("train") ? train : validation).add(ls);
            }
        }
        if (train.isEmpty()) {
            String first = outcomes.stream().filter(o -> !o.ok() && o.role().equals("train")).map(
                    StudyPreparation.Outcome::problem).findFirst().orElse("");
            throw new StageException(file.toString(), "no training study is left: every one failed to read or "
                    + "segment (first: " + first + ")");
        }

        // training
        progress.checkCanceled();
        TrainingHistory history = training.fit(train, validation, progress.sub(0.3, 0.97));
        progress.setProgress(0.98, "saving the model");
        Path artifact = target.resolve(MODEL);
        model.save(artifact);
        writeHistory(target.resolve(HISTORY), history);
        progress.setProgress(1, null);
        return new Run(exp, target, artifact, history, outcomes, loss == null ? null : loss.name(),
                (System.nanoTime() - t0) / 1e9);
    }

    /** {@code <file name without .json>-training} beside the file. */
    public static Path defaultOutput(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        String n = abs.getFileName().toString();
        if (n.toLowerCase(Locale.ROOT).endsWith(".json")) {
            n = n.substring(0, n.length() - 5);
        }
        return abs.resolveSibling(n + "-training");
    }

    private ModelSettings.Loss loss(TrainingExperiment exp, ModelDescriptor d) {
        boolean dflt = exp.loss().equals(TrainingExperiment.DEFAULT_LOSS);
        if (dflt && !d.multitask()) {
            return null; // a single-task model combines no losses
        }
        Provider<LossStrategy> l = stages.loss(dflt ? null : exp.loss());
        return new ModelSettings.Loss(l.name(), l.service());
    }

    private static String inputs(ModelDescriptor d) {
        List<String> l = new ArrayList<>();
        d.inputs().forEach(i -> l.add(i.name().toLowerCase(Locale.ROOT)));
        return l.isEmpty() ? "nothing" : String.join(", ", l);
    }

    private static boolean holdsFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Files.exists(dir);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        } catch (IOException e) {
            return true;
        }
    }

    /** {@code epoch,learning-rate,train-loss,validation-loss,loss-<task>…,weight-<task>…}; no validation: empty. */
    static void writeHistory(Path file, TrainingHistory history) {
        StringBuilder sb = new StringBuilder("epoch,learning-rate,train-loss,validation-loss");
        for (Task t : TrainingExperiment.TASKS) {
            sb.append(",loss-").append(t.name());
        }
        for (Task t : TrainingExperiment.TASKS) {
            sb.append(",weight-").append(t.name());
        }
        sb.append('\n');
        for (TrainingHistory.Epoch e : history.epochs()) {
            sb.append(e.epoch()).append(',').append(num(e.learningRate())).append(',').append(num(e.trainLoss()))
                    .append(',').append(num(e.validationLoss()));
            for (int k = 0; k < TrainingExperiment.TASKS.size(); k++) {
                sb.append(',').append(e.taskLosses() != null && k < e.taskLosses().length ? num(e.taskLosses()[k]) : "");
            }
            for (int k = 0; k < TrainingExperiment.TASKS.size(); k++) {
                sb.append(',').append(e.taskWeights() != null && k < e.taskWeights().length ? num(e.taskWeights()[k])
                        : "");
            }
            sb.append('\n');
        }
        write(file, sb.toString());
    }

    /** {@code id,role,volume,status,seconds,lung-voxels,problem}. */
    public static void writePreparation(Path file, List<StudyPreparation.Outcome> outcomes) {
        StringBuilder sb = new StringBuilder("id,role,volume,status,seconds,lung-voxels,problem\n");
        for (StudyPreparation.Outcome o : outcomes) {
            sb.append(csv(o.id())).append(',').append(o.role()).append(',').append(csv(o.volume().toString()))
                    .append(',').append(o.status()).append(',').append(String.format(Locale.ROOT, "%.2f", o.seconds()))
                    .append(',').append(o.lungVoxels()).append(',').append(o.problem() == null ? "" : csv(o.problem()))
                    .append('\n');
        }
        write(file, sb.toString());
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static void write(Path file, String content) {
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + System.nanoTime() + ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StageException(file.toString(), "cannot write: " + e, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing left to clean
            }
        }
    }

    /** The model of a transfer-learning run: the source artifact loaded by the run's factory, new heads. */
    private static Model transferred(TrainingExperiment exp, Provider<ModelFactory> factory, ModelSettings settings) {
        TrainingExperiment.Transfer t = exp.transfer();
        ArtifactManifest m = Artifacts.read(t.from());
        if (!m.schema().model().equals(exp.model())) {
            throw new StageException(exp.file() + " transfer.from", t.from() + " is a " + m.schema().model()
                    + " model; the run trains " + exp.model() + " (transfer learning keeps the model)");
        }
        Model source = factory.service().load(t.from());
        if (!(source instanceof TransferLearning tl)) {
            throw new StageException("model " + exp.model(), "does not offer transfer learning (its models are not"
                    + " a TransferLearning)");
        }
        try {
            return tl.transfer(settings, t.heads(), t.freeze());
        } catch (IllegalArgumentException e) {
            throw new StageException(exp.file() + " transfer", e.getMessage(), e);
        }
    }
}
