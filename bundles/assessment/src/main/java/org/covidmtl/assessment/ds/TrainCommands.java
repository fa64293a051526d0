package org.covidmtl.assessment.ds;

import java.io.PrintStream;
import java.nio.file.Paths;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.covidmtl.api.stage.ConsoleProgress;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.assessment.DirectoryAssessmentStages;
import org.covidmtl.assessment.TrainingTool;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code mtl:train}: trains a volume model (a {@code StudyTraining}, e.g. {@code covid-mtl}) on CT studies as an
 * experiment file says. The model factory, the loss, the readers, the segmenter and the writers come from the stage
 * directory at each call. Ctrl-C interrupts the command; the last checkpoint stays ({@code --resume}).
 */
@Component(service = TrainCommands.class)
@GogoCommand(scope = "mtl", function = {"train"})
public class TrainCommands {
    private static final String NONE = "";

    @Reference(policy = ReferencePolicy.DYNAMIC, cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile StageDirectory directory;

    @Descriptor("trains a volume model (covid-mtl) on CT studies as the experiment file says: prepares each study "
            + "once (read, 1 mm, lungs, the paper's masked volume), trains with checkpoints, saves the artifact to "
            + "<out>/model and the per-epoch losses to <out>/training.csv")
    public String train(
            @Descriptor("continue the checkpoints of an earlier run in <out>/checkpoints (same file, same studies)")
            @Parameter(names = {"--resume", "-r"}, presentValue = "true", absentValue = "false") boolean resume,
            @Descriptor("output folder; default: <file without .json>-training beside the file")
            @Parameter(names = {"--out", "-o"}, absentValue = NONE) String out,
            @Descriptor("the experiment file (JSON: model, loss, seed, parameters, studies, features, validation, "
                    + "prepare)") String file) {
        if (directory == null) {
            throw new StageException("mtl:train", "the stage directory is not available (is "
                    + "org.covidmtl.platform.directory started?)");
        }
        TrainingTool tool = new TrainingTool(new DirectoryAssessmentStages(directory));
        ConsoleProgress p = new ConsoleProgress(System.out, "mtl:train");
        // a skipped study's line replaces the bar's line; the bar is drawn again below it
        PrintStream log = new PrintStream(System.out, true) {
            @Override
            public void println(String x) {
                super.println("\r\033[K" + x);
            }
        };
        TrainingTool.Run r;
        try {
            r = tool.train(Paths.get(file), out.isBlank() ? null : Paths.get(out), resume,
                    Runtime.getRuntime().availableProcessors(), p, log);
        } finally {
            p.done();
        }
        return r.summary();
    }
}
