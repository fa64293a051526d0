package org.covidmtl.assessment.ds;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.covidmtl.api.stage.ConsoleProgress;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.assessment.Assessment;
import org.covidmtl.assessment.AssessmentBatch;
import org.covidmtl.assessment.AssessmentConfig;
import org.covidmtl.assessment.AssessmentTool;
import org.covidmtl.assessment.DirectoryAssessmentStages;
import org.covidmtl.assessment.LoadedModel;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code mtl:assess}: a study (or a folder of studies) from CT to answer. Readers, segmenters, the feature extractor
 * and the model factories come from the stage directory at each call.
 */
@Component(service = AssessCommands.class)
@GogoCommand(scope = "mtl", function = {"assess"})
public class AssessCommands {
    private static final String NONE = "";

    @Reference(policy = ReferencePolicy.DYNAMIC, cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile StageDirectory directory;

    private final String version;

    @Activate
    public AssessCommands(BundleContext context) {
        this.version = context.getBundle().getVersion().toString();
    }

    @Descriptor("assesses a chest CT study (DICOM folder or file, NIfTI, NRRD, .dtm): 1 mm, lungs, the paper's 375 "
            + "radiomic features, per-task class probabilities; writes assessment.json, features.csv, the lung mask, "
            + "overlay.png and report.html. Research use only, not a diagnosis")
    public String assess(
            @Descriptor("trained-model artifact folder; default: the default model (random forest on the paper's 930 "
                    + "training studies, trained at first use and cached in models/default-random-forest)")
            @Parameter(names = {"--model", "-m"}, absentValue = NONE) String model,
            @Descriptor("output folder; default: <study>-assessment (with --batch: <folder>-assessments)")
            @Parameter(names = {"--out", "-o"}, absentValue = NONE) String out,
            @Descriptor("the segmenter's name (classical, refined); default: the segmenter stage's default (mtl:use)")
            @Parameter(names = {"--segmenter", "-s"}, absentValue = NONE) String segmenter,
            @Descriptor("the input is a folder of studies (each file or sub-folder); a failed study is reported and the "
                    + "others go on; assessments.csv lists them all")
            @Parameter(names = {"--batch", "-b"}, presentValue = "true", absentValue = "false") boolean batch,
            @Descriptor("with --batch: studies assessed at a time; default 0 = as many as the heap holds (about 3 GiB "
                    + "each), at most the processors")
            @Parameter(names = {"--jobs", "-j"}, absentValue = "0") int jobs,
            @Descriptor("the study (or, with --batch, the folder of studies)") String study) {
        AssessmentTool tool = new AssessmentTool(new DirectoryAssessmentStages(directory), config());
        Path in = Paths.get(study);
        String seg = blankToNull(segmenter);
        ConsoleProgress p = new ConsoleProgress(System.out, batch ? "mtl:assess --batch" : "mtl:assess");
        LoadedModel m;
        try {
            m = tool.model(model.isBlank() ? null : Paths.get(model), p);
        } finally {
            p.done();
        }
        if (m.note() != null) {
            System.out.println(m.note());
        }
        if (!batch) {
            ConsoleProgress sp = new ConsoleProgress(System.out, "mtl:assess");
            try {
                Assessment a = tool.assess(in, out.isBlank() ? null : Paths.get(out), seg, m,
                        Runtime.getRuntime().availableProcessors(), sp);
                return a.summary();
            } finally {
                sp.done();
            }
        }
        if (jobs < 0) {
            throw new StageException("--jobs " + jobs, "at least 1 study at a time (0: automatic)");
        }
        Path outDir = out.isBlank()
                ? Paths.get(AssessmentTool.studyName(in) + "-assessments") : Paths.get(out);
        ConsoleProgress bp = new ConsoleProgress(System.out, "mtl:assess --batch");
        AssessmentBatch.Result r;
        try {
            // each study's line replaces the bar's line; the bar is drawn again below it
            PrintStream log = new PrintStream(System.out, true) {
                @Override
                public void println(String x) {
                    super.println("\r\033[K" + x);
                }
            };
            r = new AssessmentBatch(tool).run(in, outDir, seg, m, jobs == 0 ? AssessmentBatch.autoJobs() : jobs, bp, log);
        } finally {
            bp.done();
        }
        int failed = r.failed().size();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d assessed, %d failed; %s", r.rows().size() - failed, failed, r.table()));
        r.failed().forEach(row -> sb.append("\n  failed: ").append(row.problem()));
        if (failed > 0) {
            // every other study is done; the batch as a whole reports failure to scripts
            System.out.println(sb);
            throw new StageException(study, failed + " of " + r.rows().size() + " studies failed (listed above)");
        }
        return sb.toString();
    }

    private AssessmentConfig config() {
        return AssessmentConfig.fromSystemProperties(version);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
