package org.covidmtl.assessment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.ModelSchema;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.models.artifact.ArtifactManifest;

/**
 * A trained model ready to assess studies.
 *
 * @param model the model loaded from its artifact
 * @param factory the factory that loaded it
 * @param artifact the artifact folder
 * @param manifest the artifact's {@code model.json}
 * @param isDefault whether it is the default model (no {@code --model})
 * @param note one line to print (the default model was trained now and cached), or {@code null}
 */
public record LoadedModel(Model model, Provider<ModelFactory> factory, Path artifact, ArtifactManifest manifest,
        boolean isDefault, String note) {

    /** {@code <name> <version>} of the model (the version that trained it). */
    public String id() {
        ModelSchema s = manifest.schema();
        return s.model() + " " + s.version();
    }

    /**
     * Checks that the assessment can give the model what it reads: every feature column it was trained on is one
     * of {@code produced}, and it reads no clinical attributes (a CT does not give them).
     *
     * @param input names the study (or the batch) in the error
     * @throws StageException naming {@code input}, the artifact and the missing features
     */
    public void requireInputs(String input, List<String> produced) {
        ModelSchema s = model.schema();
        List<String> missing = new ArrayList<>(s.features());
        missing.removeAll(new java.util.HashSet<>(produced));
        if (!missing.isEmpty()) {
            int shown = Math.min(5, missing.size());
            throw new StageException(input, "model " + artifact + " (" + id() + ") reads " + s.features().size()
                    + " features, " + missing.size() + " of which an assessment does not produce (it gives the paper's "
                    + produced.size() + " radiomic features): missing " + String.join(", ", missing.subList(0, shown))
                    + (missing.size() > shown ? " and " + (missing.size() - shown) + " more" : ""));
        }
        if (!s.attributes().isEmpty()) {
            throw new StageException(input, "model " + artifact + " (" + id() + ") reads clinical attributes ("
                    + String.join(", ", s.attributes()) + ") that a CT alone does not give: use a model trained on "
                    + "features only");
        }
    }
}
