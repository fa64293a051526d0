package org.covidmtl.assessment.ds;

import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.covidmtl.api.stage.ConsoleProgress;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.assessment.AssessmentConfig;
import org.covidmtl.assessment.AssessmentTool;
import org.covidmtl.assessment.CamTool;
import org.covidmtl.assessment.DirectoryAssessmentStages;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code mtl:cam}: class activation maps of a trained volume model for one study. The model factory, readers,
 * segmenter and feature extractor come from the stage directory at each call.
 */
@Component(service = CamCommands.class)
@GogoCommand(scope = "mtl", function = {"cam"})
public class CamCommands {
    private static final String NONE = "";

    @Reference(policy = ReferencePolicy.DYNAMIC, cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile StageDirectory directory;

    private final String version;

    @Activate
    public CamCommands(BundleContext context) {
        this.version = context.getBundle().getVersion().toString();
    }

    @Descriptor("draws the class activation maps of a trained volume model (covid-mtl) for one study over axial slices "
            + "(paper Fig. 7): where in the lungs the evidence for a class lies")
    public String cam(
            @Descriptor("one task (covid-ct, covid-nat, severity); default: every task, one PNG each "
                    + "(<out>-<task>.png)")
            @Parameter(names = {"--task", "-t"}, absentValue = NONE) String task,
            @Descriptor("with --task: the class (0, 1, …); default: the class the model predicts")
            @Parameter(names = {"--class", "-c"}, absentValue = "-1") int classIndex,
            @Descriptor("with a .npy volume: its features as an N×F .npy in the model's feature order")
            @Parameter(names = {"--features", "-f"}, absentValue = NONE) String features,
            @Descriptor("the segmenter's name for a CT input; default: the segmenter stage's default (mtl:use)")
            @Parameter(names = {"--segmenter", "-s"}, absentValue = NONE) String segmenter,
            @Descriptor("trained-model artifact folder of a volume model") String artifact,
            @Descriptor("the study: a CT (DICOM folder or file, NIfTI, NRRD, .dtm) or a prepared N×1×D×H×W .npy")
            String volume,
            @Descriptor("the PNG to write") String out) {
        if (directory == null) {
            throw new StageException("mtl:cam", "the stage directory is not available (is "
                    + "org.covidmtl.platform.directory started?)");
        }
        CamTool tool = new CamTool(new AssessmentTool(new DirectoryAssessmentStages(directory),
                AssessmentConfig.fromSystemProperties(version)));
        ConsoleProgress p = new ConsoleProgress(System.out, "mtl:cam");
        List<CamTool.Written> w;
        try {
            w = tool.write(Paths.get(artifact), Paths.get(volume), features.isBlank() ? null : Paths.get(features),
                    task.isBlank() ? null : task, classIndex, segmenter.isBlank() ? null : segmenter, Paths.get(out),
                    Runtime.getRuntime().availableProcessors(), p);
        } finally {
            p.done();
        }
        return w.stream().map(CamTool.Written::line).collect(Collectors.joining("\n"));
    }
}
