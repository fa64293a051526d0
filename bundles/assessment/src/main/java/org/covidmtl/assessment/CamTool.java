package org.covidmtl.assessment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.ActivationMap;
import org.covidmtl.api.model.ClassActivation;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.models.artifact.PreparedStudies;
import org.covidmtl.segmentation.io.OverlayImage;

/**
 * {@code mtl:cam}: the class activation maps of a trained volume model for one study (paper Fig. 7), drawn over
 * axial slices. The study is a prepared tensor ({@code .npy}, N×1×D×H×W, with {@code --features} as an N×F
 * {@code .npy}) or any readable CT, which goes through the assessment's stages first (1 mm, lungs, the paper's 375
 * features).
 */
public final class CamTool {

    /** A map written. */
    public record Written(Path file, String study, String task, String className, double probability,
            double maxActivation) {
        public String line() {
            return String.format(Locale.ROOT, "%s %s: %s (p %.3f)%s → %s", study, task, className, probability,
                    maxActivation > 0 ? "" : ", nothing in the volume speaks for it", file);
        }
    }

    private final AssessmentTool tool;

    public CamTool(AssessmentTool tool) {
        this.tool = tool;
    }

    /**
     * Writes the maps.
     *
     * @param task one task, or null for every task of the model ({@code <out>-<task>.png} each)
     * @param classIndex the class, or −1 for the predicted one (only with {@code task})
     * @param features the features of a {@code .npy} input, or null
     * @param out the PNG (with several maps or studies, the name gets {@code -<task>} and {@code -<i>} before
     *        {@code .png})
     */
    public List<Written> write(Path artifact, Path volume, Path features, String task, int classIndex,
            String segmenter, Path out, int threads, Progress progress) {
        LoadedModel model = tool.model(artifact, progress);
        if (!(model.model() instanceof ClassActivation ca)) {
            throw new StageException(artifact.toString(), "model " + model.id() + " has no class activation maps (a "
                    + "volume model such as covid-mtl has)");
        }
        List<Task> tasks = model.model().schema().tasks();
        Map<String, Integer> wanted = new LinkedHashMap<>();
        if (task == null) {
            if (classIndex >= 0) {
                throw new StageException("--class " + classIndex, "needs --task (the class of which task)");
            }
            tasks.forEach(t -> wanted.put(t.name(), -1));
        } else {
            Task t = tasks.stream().filter(x -> x.name().equals(task)).findFirst().orElseThrow(
                    () -> new StageException("--task " + task, "model " + model.id() + " has the tasks " + String.join(
                            ", ", tasks.stream().map(Task::name).toList())));
            if (classIndex >= t.classes()) {
                throw new StageException("--class " + classIndex, "task " + task + " has classes 0.." + (t.classes()
                        - 1));
            }
            wanted.put(task, classIndex);
        }
        List<Study> studies;
        if (volume.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            studies = PreparedStudies.of(model.model().schema(), volume, features);
        } else {
            if (features != null) {
                throw new StageException("--features " + features, "only with a prepared .npy volume: the features "
                        + "of a CT are extracted from it");
            }
            studies = List.of(tool.measure(volume, segmenter, model, threads, progress.sub(0, 0.8)).study());
        }
        List<Written> written = new ArrayList<>();
        for (int i = 0; i < studies.size(); i++) {
            Study s = studies.get(i);
            List<ActivationMap> maps = AssessmentTool.stage(s.id(), "cam", () -> ca.activationMaps(s, wanted));
            for (ActivationMap am : maps) {
                Task t = tasks.stream().filter(x -> x.name().equals(am.task())).findFirst().orElseThrow();
                String cls = AssessmentTool.classNames(t).get(am.classIndex());
                double p = am.probabilities()[am.classIndex()];
                Path file = name(out, wanted.size() > 1 ? am.task() : null, studies.size() > 1 ? i : -1);
                String title = String.format(Locale.ROOT, "%s — %s: %s (p %.2f), class activation map%s", s.id(),
                        am.task(), cls, p, am.rawMax() > 0 ? "" : " (nothing in the volume speaks for this class)");
                OverlayImage.writePng(CamImage.render(am, title), file);
                written.add(new Written(file, s.id(), am.task(), cls, p, am.rawMax()));
            }
        }
        return written;
    }

    /** {@code out.png} → {@code out-<task>-<i>.png} as needed. */
    static Path name(Path out, String task, int index) {
        String f = out.getFileName().toString();
        String base = f.toLowerCase(Locale.ROOT).endsWith(".png") ? f.substring(0, f.length() - 4) : f;
        String name = base + (task == null ? "" : "-" + task) + (index < 0 ? "" : "-" + index) + ".png";
        return out.resolveSibling(name);
    }
}
