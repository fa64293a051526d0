package org.covidmtl.experiment.predict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Prediction;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.model.WeightImport;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.models.artifact.Artifacts;

/**
 * The core of {@code mtl:predict} and {@code mtl:import-torch}, without OSGi: the model factory is found by the
 * artifact's model name, volumes are read through the volume-reader stage ({@link Stages}).
 */
public final class ModelTool {

    /** The providers the tool needs, looked up at every call. */
    public interface Stages {
        /** The model factory registered under {@code name}; a {@link StageException} naming it when none is. */
        ModelFactory model(String name);

        /** Reads a volume file or folder with the first volume reader that recognises it. */
        LoadedVolume read(Path volume);
    }

    /** The tasks of an imported model: the paper's three, in its order. */
    public static final List<Task> PAPER_TASKS = List.of(Task.COVID_CT, Task.COVID_NAT, Task.SEVERITY);

    private ModelTool() {
    }

    /** Loads the artifact with its factory and predicts every study of the inputs. */
    public static List<Prediction> predict(Stages stages, Path artifact, Path volume, Path features) {
        String name = Artifacts.read(artifact).schema().model();
        Model model = stages.model(name).load(artifact);
        List<Study> studies = StudyInputs.of(model.schema(), volume, features, stages::read);
        List<Prediction> out = new ArrayList<>(studies.size());
        for (Study s : studies) {
            out.add(model.predict(s));
        }
        return out;
    }

    /**
     * Makes a trained-model artifact from weights trained elsewhere.
     *
     * @param parameters the model's parameters (e.g. the input shape the weights were trained for)
     * @return the model as loaded back from the artifact (its schema says what was written)
     */
    public static Model importWeights(Stages stages, Path weights, String modelName, Path artifact,
            Map<String, String> parameters, long seed) {
        ModelFactory f = stages.model(modelName);
        if (!(f instanceof WeightImport wi)) {
            throw new StageException(modelName, "this model cannot import weights trained elsewhere");
        }
        Model m = wi.importWeights(weights, new ModelSettings(PAPER_TASKS, parameters, seed));
        m.save(artifact);
        return f.load(artifact);
    }

    /** {@code k=v[,k=v…]} → map; an entry without {@code =} or with an empty key is an error naming it. */
    public static Map<String, String> options(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return m;
        }
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new StageException("--option " + text, "expected key=value[,key=value], got " + part);
            }
            m.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return m;
    }
}
