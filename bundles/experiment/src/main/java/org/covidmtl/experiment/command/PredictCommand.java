package org.covidmtl.experiment.command;

import java.nio.file.Path;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.covidmtl.api.model.Prediction;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.experiment.predict.ModelTool;
import org.covidmtl.experiment.predict.PredictionText;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code mtl:predict}: a trained-model artifact asked about studies; the model factory comes from the stage directory. */
@Component(service = PredictCommand.class)
@GogoCommand(scope = "mtl", function = {"predict"})
public class PredictCommand {

    @Reference(policy = ReferencePolicy.DYNAMIC, cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile StageDirectory directory;

    @Descriptor("prints per-task class probabilities of a trained model for a volume (file, DICOM folder, or a prepared"
            + " N×1×D×H×W .npy tensor) and/or features")
    public void predict(
            @Descriptor("features: a .npy (N×F, in the model's feature order) or a CSV with a header of feature names")
            @Parameter(names = {"--features", "-f"}, absentValue = "") String features,
            @Descriptor("the trained-model artifact folder (mtl:experiment run writes them under models/, mtl:import-torch"
                    + " makes one)") String artifact,
            @Descriptor("volume file or folder, or .npy tensor") String... volume) {
        if (volume.length > 1) {
            throw new IllegalArgumentException("usage: mtl:predict [--features <file>] <artifact> [<volume>]");
        }
        for (Prediction p : ModelTool.predict(new DirectoryModelStages(directory), Path.of(artifact),
                volume.length == 0 ? null : Path.of(volume[0]), features.isEmpty() ? null : Path.of(features))) {
            System.out.println(PredictionText.of(p));
        }
    }
}
