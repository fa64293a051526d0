package org.covidmtl.experiment.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelSchema;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.experiment.predict.ModelTool;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code mtl:import-torch}: a PyTorch {@code state_dict} (one {@code <key>.npy} per tensor) made into a trained-model
 * artifact. Gogo maps a function name that is not a Java identifier to {@code _main}, which receives the command's
 * name first.
 */
@Component(service = ImportTorchCommand.class)
@GogoCommand(scope = "mtl", function = {"import-torch"})
public class ImportTorchCommand {

    @Reference(policy = ReferencePolicy.DYNAMIC, cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile StageDirectory directory;

    @Descriptor("makes a trained-model artifact from PyTorch weights saved as one <state_dict key>.npy per tensor:"
            + " mtl:import-torch [--option k=v[,k=v]] <weights-dir> <model> <artifact>")
    public void _main(@Descriptor("the command's name (import-torch)") String command,
            @Descriptor("[--option key=value[,key=value]] (the model's parameters, e.g. depth=64,size=80 for weights of a"
                    + " model built for 64×80×80 inputs; default: the paper's 200×250×250), then the folder of"
                    + " <state_dict key>.npy files, the model's name in the zoo (e.g. covid-mtl) and the artifact"
                    + " folder to write") String... args) {
        // Gogo hands a command whose name is not a Java identifier to _main without parsing its options
        String options = "";
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--option") || args[i].equals("-o")) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException("--option needs key=value[,key=value]");
                }
                options = options.isEmpty() ? args[++i] : options + "," + args[++i];
            } else {
                positional.add(args[i]);
            }
        }
        if (positional.size() != 3) {
            throw new IllegalArgumentException(
                    "usage: mtl:import-torch [--option k=v[,k=v]] <weights-dir> <model> <artifact>");
        }
        Path artifact = Path.of(positional.get(2));
        Model m = ModelTool.importWeights(new DirectoryModelStages(directory), Path.of(positional.get(0)),
                positional.get(1), artifact, ModelTool.options(options), 0);
        ModelSchema s = m.schema();
        System.out.println("imported " + s.model() + " " + s.version() + " (" + s.tasks().size() + " tasks"
                + (s.volume() == null ? "" : ", input " + s.volume().shape() + " at " + s.volume().spacingMm() + " mm")
                + (s.features().isEmpty() ? "" : ", " + s.features().size() + " features") + ") into "
                + artifact.toAbsolutePath());
    }
}
