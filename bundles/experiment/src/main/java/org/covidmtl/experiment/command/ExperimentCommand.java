package org.covidmtl.experiment.command;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.covidmtl.api.stage.ConsoleProgress;
import org.covidmtl.api.stage.StageDirectory;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.assessment.DirectoryAssessmentStages;
import org.covidmtl.cohort.CohortSplit;
import org.covidmtl.experiment.ExperimentRunner;
import org.covidmtl.experiment.ExperimentSpec;
import org.covidmtl.experiment.ResultComparison;
import org.covidmtl.experiment.StageProviders;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code mtl:experiment run <file> [results-folder]}, {@code mtl:experiment compare <folder>...} and
 * {@code mtl:experiment analyze}. Every provider a run uses (models, loss strategies, evaluators, the comparator)
 * comes from the {@link StageDirectory}, asked afresh for each run ({@link StageProviders}).
 */
@Component(service = ExperimentCommand.class)
@GogoCommand(scope = "mtl", function = { "experiment" })
public class ExperimentCommand {

    @Reference(policy = ReferencePolicy.DYNAMIC, cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile StageDirectory directory;

    @Descriptor("runs an experiment file, compares result folders side by side, or runs the feature analysis of an "
            + "experiment file's data")
    public void experiment(@Descriptor("run | compare | analyze") String action,
            @Descriptor("run: the experiment file [results folder, default ./results]; compare: result folders; "
                    + "analyze: the experiment file, output folder [task, default severity]") String... args)
            throws Exception {
        switch (action) {
        case "run" -> {
            if (args.length < 1 || args.length > 2) {
                throw new IllegalArgumentException("usage: mtl:experiment run <file> [results-folder]");
            }
            run(Path.of(args[0]), Path.of(args.length == 2 ? args[1] : System.getProperty("covidmtl.results",
                    "results")));
        }
        case "compare" -> {
            if (args.length < 1) {
                throw new IllegalArgumentException("usage: mtl:experiment compare <result-folder>...");
            }
            List<Path> dirs = new ArrayList<>();
            for (String a : args) {
                dirs.add(Path.of(a));
            }
            System.out.print(ResultComparison.table(dirs, ResultComparison.METRICS));
        }
        case "analyze" -> {
            if (args.length < 2 || args.length > 3) {
                throw new IllegalArgumentException("usage: mtl:experiment analyze <file> <output-folder> [task]");
            }
            ExperimentSpec spec = ExperimentSpec.read(Path.of(args[0]));
            String task = args.length == 3 ? args[2] : spec.analysis() == null ? "severity" : spec.analysis().task();
            int top = spec.analysis() == null ? 24 : spec.analysis().top();
            int box = spec.analysis() == null ? 6 : spec.analysis().boxPlots();
            CohortSplit data = ExperimentRunner.loadData(spec, org.covidmtl.api.stage.Progress.none());
            org.covidmtl.api.cohort.Cohort cohort = data.full();
            int ti = cohort.taskIndex(task);
            List<org.covidmtl.evaluation.features.FeatureAnalysis.FeatureTest> tests =
                    org.covidmtl.evaluation.features.FeatureAnalysis.write(cohort, ti, ExperimentRunner.groupNames(
                            cohort.tasks().get(ti)), box, top, Path.of(args[1]));
            System.out.println("Welch's ANOVA over " + task + " groups, " + cohort.size() + " studies; top features:");
            for (var t : tests.subList(0, Math.min(10, tests.size()))) {
                System.out.printf(java.util.Locale.ROOT, "  %-45s F %8.2f  p %.3g%n", t.feature(), t.result().f(), t
                        .result().p());
            }
            System.out.println("written to " + Path.of(args[1]).toAbsolutePath());
        }
        default -> throw new IllegalArgumentException("unknown action " + action + " (run, compare, analyze)");
        }
    }

    private void run(Path file, Path results) {
        ExperimentSpec spec = ExperimentSpec.read(file);
        StageDirectory dir = directory;
        if (dir == null) {
            throw new StageException(file.toString(), "the stage directory service is not available: no providers");
        }
        StageProviders providers = StageProviders.of(spec, dir);
        providers.choices().forEach(System.out::println);
        System.out.println("evaluators: " + String.join(", ", providers.evaluators().keySet()) + "; comparator: "
                + (providers.comparator() == null ? ExperimentSpec.NO_COMPARATOR : providers.comparator().name()));
        ConsoleProgress progress = new ConsoleProgress(System.out, spec.name());
        try {
            CohortSplit data = ExperimentRunner.loadData(spec, progress.sub(0, 0.02));
            // volume runs prepare their studies with the directory's readers, writers and segmenter; a study they
            // skip gets its own line above the progress bar
            PrintStream log = new PrintStream(System.out, true) {
                @Override
                public void println(String x) {
                    super.println("\r\033[K" + x);
                }
            };
            ExperimentRunner.Inputs inputs = spec.volumes().isPresent()
                    ? providers.inputs(data, new DirectoryAssessmentStages(dir)) : providers.inputs(data);
            ExperimentRunner.Result r = new ExperimentRunner().run(spec, inputs, results, progress.sub(0.02, 1), log);
            progress.done();
            System.out.println("scaling: " + data.scaling().label());
            System.out.print(r.paperTable());
            System.out.println("results: " + r.folder().toAbsolutePath());
        } finally {
            progress.done();
        }
    }
}
