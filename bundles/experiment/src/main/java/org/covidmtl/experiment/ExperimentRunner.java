package org.covidmtl.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.evaluation.Comparison;
import org.covidmtl.api.evaluation.Evaluator;
import org.covidmtl.api.evaluation.Metric;
import org.covidmtl.api.evaluation.ModelComparator;
import org.covidmtl.api.loss.LossStrategy;
import org.covidmtl.api.model.FeatureImportance;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Predictions;
import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.api.stage.CanceledException;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.assessment.AssessmentStages;
import org.covidmtl.assessment.TrainingTool;
import org.covidmtl.cohort.CohortLoader;
import org.covidmtl.cohort.CohortSplit;
import org.covidmtl.evaluation.AtomicFiles;
import org.covidmtl.evaluation.BootstrapSettings;
import org.covidmtl.evaluation.BootstrappedEvaluator;
import org.covidmtl.evaluation.CsvText;
import org.covidmtl.evaluation.features.FeatureAnalysis;
import org.covidmtl.evaluation.plot.Plots;

/**
 * Trains and evaluates every configuration of an experiment (run × loss strategy × seed) on the training split,
 * evaluates on the test split and writes a result folder atomically (built under a hidden temporary name beside
 * it, then renamed):
 * <ul>
 * <li>{@code metrics.csv}: every metric of every configuration, seed and task (with bootstrap intervals);</li>
 * <li>{@code summary.csv}: mean and standard deviation over seeds, also of each training's wall seconds and threads
 * (task {@code training});</li>
 * <li>{@code predictions/<configuration>-seed<seed>.csv}: class probabilities per study;</li>
 * <li>{@code comparisons.csv}: the comparator's tests between configurations (e.g. DeLong's), first seed;</li>
 * <li>{@code roc-<task>.png}, {@code reliability-<task>.png}, {@code loss-curves.png}, {@code analysis/};</li>
 * <li>{@code report.html}, {@code provenance.json};</li>
 * <li>{@code preparation.csv} when runs train on CT volumes: what became of every study's volume
 * ({@link VolumeStudies}).</li>
 * </ul>
 * A run whose model reads CT volumes ({@link VolumeRun}) trains on the studies of {@code data.volumes}, prepared
 * once per experiment before any training, and is evaluated on the test split's studies like the feature runs.
 * Everything it uses is handed in: the data, the model factories, loss strategies, evaluators and comparator resolved
 * by the caller (in OSGi from the stage directory, {@link StageProviders}; in tests directly).
 */
public final class ExperimentRunner {

    /**
     * A loss strategy with the name it was resolved to (for {@code default}: the platform default's name).
     *
     * @param name the strategy's {@code covidmtl.name}
     * @param strategy the strategy
     */
    public record NamedLoss(String name, LossStrategy strategy) {
    }

    /**
     * A comparator of configurations with the name of its provider.
     *
     * @param name the provider's {@code covidmtl.name}
     * @param comparator the comparator
     */
    public record NamedComparator(String name, ModelComparator comparator) {
    }

    /**
     * Everything a run needs besides the experiment file. Evaluators give point values (or their own intervals);
     * the runner adds percentile bootstrap intervals with the experiment file's settings
     * ({@link BootstrappedEvaluator}).
     *
     * @param data the split, scaled cohort
     * @param models factory by {@code covidmtl.name}
     * @param losses strategy by the name used in the experiment file (including {@code default})
     * @param evaluators evaluator by {@code covidmtl.name}
     * @param comparator the comparator of configurations (e.g. DeLong's test); {@code null} for none
     * @param studies the readers, writers and segmenter that prepare the volume runs' studies; {@code null} when
     *        no run trains on volumes
     */
    public record Inputs(CohortSplit data, Map<String, ModelFactory> models, Map<String, NamedLoss> losses,
            Map<String, Evaluator> evaluators, NamedComparator comparator, AssessmentStages studies) {

        /** Inputs for feature runs only. */
        public Inputs(CohortSplit data, Map<String, ModelFactory> models, Map<String, NamedLoss> losses,
                Map<String, Evaluator> evaluators, NamedComparator comparator) {
            this(data, models, losses, evaluators, comparator, null);
        }
    }

    /**
     * One metric of one trained model on one task.
     */
    public record MetricRow(String configuration, String run, String model, String loss, long seed, String task,
            Metric metric) {
    }

    /**
     * Mean and standard deviation (over seeds) of a metric.
     *
     * @param sd sample standard deviation over seeds (0 for one seed)
     * @param lower bootstrap interval of the first seed
     * @param upper bootstrap interval of the first seed
     */
    public record SummaryRow(String configuration, String task, String metric, double mean, double sd, int seeds,
            double lower, double upper) {
    }

    /**
     * What a run produced.
     *
     * @param folder the result folder
     * @param metrics every metric row
     * @param summary the summary rows
     * @param paperTable the table of our AUCs next to the paper's (text)
     */
    public record Result(Path folder, List<MetricRow> metrics, List<SummaryRow> summary, String paperTable) {
    }

    /** Loads the cohort and split of the experiment file. */
    public static CohortSplit loadData(ExperimentSpec spec, Progress progress) {
        return CohortLoader.loadSplit(spec.sources(), spec.scaling(), progress);
    }

    /**
     * Runs the experiment; {@link CanceledException} when canceled (nothing is left in {@code outputRoot}). Studies
     * skipped by the volume runs are reported on standard output.
     */
    public Result run(ExperimentSpec spec, Inputs in, Path outputRoot, Progress progress) {
        return run(spec, in, outputRoot, progress, System.out);
    }

    /**
     * Runs the experiment; {@link CanceledException} when canceled (nothing is left in {@code outputRoot} but the
     * volume runs' prepared studies, {@link VolumeStudies#cache}).
     *
     * @param log one line per study the volume runs skip
     */
    public Result run(ExperimentSpec spec, Inputs in, Path outputRoot, Progress progress, PrintStream log) {
        check(spec, in);
        Instant started = Instant.now();
        Cohort train = in.data().train();
        Cohort test = in.data().test();
        List<Task> tasks = new ArrayList<>();
        for (String t : spec.tasks()) {
            tasks.add(train.tasks().get(train.taskIndex(t)));
        }
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started);
        Path tmp;
        try {
            Files.createDirectories(outputRoot);
            tmp = Files.createTempDirectory(outputRoot, "." + spec.name() + "-" + stamp + "-");
            Files.createDirectories(tmp.resolve("predictions"));
        } catch (IOException e) {
            throw new StageException(outputRoot.toString(), "cannot create the result folder: " + e.getMessage(), e);
        }
        try {
            VolumeStudies.Prepared volumes = null;
            Progress rest = progress;
            if (spec.runs().stream().anyMatch(r -> VolumeRun.readsVolumes(in.models().get(r.model())))) {
                volumes = VolumeStudies.prepare(spec.volumes().orElseThrow(), train, test, tasks, in.studies(),
                        VolumeStudies.cache(spec, outputRoot), Math.max(1, Runtime.getRuntime().availableProcessors()),
                        progress.sub(0, 0.2), log);
                TrainingTool.writePreparation(tmp.resolve(VolumeStudies.PREPARATION), volumes.outcomes());
                rest = progress.sub(0.2, 1);
            }
            Result r = runInto(spec, in, tasks, train, test, tmp, started, volumes, rest);
            Path target = outputRoot.resolve(spec.name() + "-" + stamp);
            for (int k = 2; Files.exists(target); k++) {
                target = outputRoot.resolve(spec.name() + "-" + stamp + "-" + k);
            }
            AtomicFiles.move(tmp, target);
            progress.setProgress(1, "results in " + target);
            return new Result(target, r.metrics(), r.summary(), r.paperTable());
        } catch (IOException e) {
            delete(tmp);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            delete(tmp);
            throw e;
        }
    }

    private Result runInto(ExperimentSpec spec, Inputs in, List<Task> tasks, Cohort train, Cohort test, Path dir,
            Instant started, VolumeStudies.Prepared volumes, Progress progress) {
        int total = 0;
        for (ExperimentSpec.Run run : spec.runs()) {
            total += Math.max(1, run.losses().size()) * run.seeds().size();
        }
        int work = total + (spec.analysis() == null ? 0 : 1) + 1;
        List<Trained> trained = new ArrayList<>();
        List<MetricRow> rows = new ArrayList<>();
        List<String> importanceFiles = new ArrayList<>();
        Cohort validation = spec.validation().equals("test") ? test : null;
        BootstrapSettings bootstrap = new BootstrapSettings(spec.bootstrap(), spec.bootstrapSeed());
        Map<String, Evaluator> evaluators = new LinkedHashMap<>();
        for (String ev : spec.evaluators()) {
            evaluators.put(ev, BootstrappedEvaluator.of(in.evaluators().get(ev), bootstrap));
        }
        // every training is a job; jobs run on spec.parallel() threads, results are kept in job order
        record Job(ExperimentSpec.Run run, ModelFactory factory, NamedLoss loss, String configuration, long seed,
                int index) {
        }
        List<Job> jobs = new ArrayList<>();
        for (ExperimentSpec.Run run : spec.runs()) {
            ModelFactory factory = in.models().get(run.model());
            List<String> losses = run.losses().isEmpty() ? java.util.Collections.singletonList(null) : run.losses();
            for (String lossKey : losses) {
                NamedLoss loss = lossKey == null ? null : in.losses().get(lossKey);
                String configuration = lossKey == null ? run.label() : run.label() + "/" + loss.name();
                for (long seed : run.seeds()) {
                    jobs.add(new Job(run, factory, loss, configuration, seed, jobs.size()));
                }
            }
        }
        final int all = total;
        java.util.concurrent.atomic.AtomicInteger trainingsDone = new java.util.concurrent.atomic.AtomicInteger();
        Trained[] results = new Trained[jobs.size()];
        @SuppressWarnings("unchecked")
        List<MetricRow>[] jobRows = new List[jobs.size()];
        @SuppressWarnings("unchecked")
        List<String>[] jobImportance = new List[jobs.size()];
        java.util.function.Consumer<Job> trainOne = job -> {
            progress.checkCanceled();
            String what = job.configuration() + " seed " + job.seed() + " (" + (job.index() + 1) + "/" + all + ")";
            Progress step = new Progress() {
                @Override
                public void setProgress(double fraction, String message) {
                    // several trainings may run at once: the bar shows trainingsDone trainings plus this one's share
                    progress.setProgress((trainingsDone.get() + Math.max(0, Math.min(1, fraction))) / work, message);
                }

                @Override
                public boolean isCanceled() {
                    return progress.isCanceled();
                }
            };
            step.setProgress(0, "training " + what);
            // feature models see the split's scaled features (the scaler goes with them into saved artifacts);
            // volume models read the studies' volumes and the study table's features, as mtl:train gives them
            boolean onVolumes = VolumeRun.readsVolumes(job.factory());
            ModelSettings settings = new ModelSettings(tasks, onVolumes ? VolumeRun.parameters(spec, job.run())
                    : job.run().parameters(), job.seed());
            if (!onVolumes) {
                settings = settings.withInputScaler(in.data().scaler());
            }
            if (job.loss() != null) {
                settings = settings.withLoss(new ModelSettings.Loss(job.loss().name(), job.loss().strategy()));
            }
            Model model = job.factory().create(settings);
            long fitStart = System.nanoTime();
            TrainingHistory history = onVolumes
                    ? VolumeRun.fit(model, job.configuration(), volumes, validation != null, step.sub(0, 0.9))
                    : model.fit(train, validation, step.sub(0, 0.9));
            double wallSeconds = (System.nanoTime() - fitStart) / 1e9;
            progress.checkCanceled();
            if (spec.saveModels().equals("all")
                    || (spec.saveModels().equals("first-seed") && job.seed() == job.run().seeds().get(0))) {
                model.save(dir.resolve("models").resolve(fileName(job.configuration()) + "-seed" + job.seed()));
            }
            List<String> importance = new ArrayList<>();
            if (model instanceof FeatureImportance fi && job.seed() == job.run().seeds().get(0)) {
                importance.addAll(writeImportance(dir, job.configuration(), fi, tasks));
            }
            step.setProgress(0.9, "predicting " + what);
            Predictions p = onVolumes ? VolumeRun.predict(model, volumes.test(), tasks, step.sub(0.9, 1))
                    : model.predict(test, step.sub(0.9, 1));
            Map<String, double[][]> aligned = align(p, test, tasks, job.configuration());
            Predictions pa = new Predictions(ids(test), aligned);
            results[job.index()] = new Trained(job.configuration(), job.run(), job.loss() == null ? "" : job.loss()
                    .name(), job.seed(), pa, history == null ? TrainingHistory.none() : history, wallSeconds,
                    TrainingThreads.of(job.run().parameters()));
            AtomicFiles.writeString(dir.resolve("predictions").resolve(fileName(job.configuration()) + "-seed" + job
                    .seed() + ".csv"), ResultTables.predictionsCsv(test, tasks, pa));
            List<MetricRow> mine = new ArrayList<>();
            for (Task t : tasks) {
                int[] truth = test.labels(test.taskIndex(t.name()));
                for (String ev : spec.evaluators()) {
                    for (Metric m : evaluators.get(ev).evaluate(t, truth, aligned.get(t.name()))) {
                        mine.add(new MetricRow(job.configuration(), job.run().label(), job.run().model(), job
                                .loss() == null ? "" : job.loss().name(), job.seed(), t.name(), m));
                    }
                }
            }
            jobRows[job.index()] = mine;
            jobImportance[job.index()] = importance;
            trainingsDone.incrementAndGet();
            step.setProgress(0, "done " + what);
        };
        int threads = Math.max(1, Math.min(spec.parallel(), jobs.size()));
        if (threads == 1) {
            jobs.forEach(trainOne);
        } else {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "experiment-training");
                t.setDaemon(true);
                return t;
            });
            try {
                List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
                for (Job job : jobs) {
                    futures.add(pool.submit(() -> trainOne.accept(job)));
                }
                for (java.util.concurrent.Future<?> f : futures) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        pool.shutdownNow();
                        if (e.getCause() instanceof RuntimeException re) {
                            throw re;
                        }
                        throw new IllegalStateException(e.getCause());
                    } catch (InterruptedException e) {
                        pool.shutdownNow();
                        Thread.currentThread().interrupt();
                        throw new org.covidmtl.api.stage.CanceledException("interrupted");
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
        for (int j = 0; j < jobs.size(); j++) {
            trained.add(results[j]);
            rows.addAll(jobRows[j]);
            importanceFiles.addAll(jobImportance[j]);
        }
        int done = jobs.size();
        progress.checkCanceled();
        progress.setProgress((double) done / work, "writing results");
        List<MetricRow> summarised = new ArrayList<>(rows);
        trained.forEach(t -> summarised.addAll(ResultTables.trainingRows(t)));
        List<SummaryRow> summary = ResultTables.summarise(summarised);
        AtomicFiles.writeString(dir.resolve("metrics.csv"), ResultTables.metricsCsv(rows));
        AtomicFiles.writeString(dir.resolve("summary.csv"), ResultTables.summaryCsv(summary));

        // plots and comparisons on the first seed of every configuration
        Map<String, Trained> first = new LinkedHashMap<>();
        for (Trained t : trained) {
            first.putIfAbsent(t.configuration(), t);
        }
        List<String[]> comparisons = new ArrayList<>();
        List<String> pngs = new ArrayList<>();
        for (Task t : tasks) {
            int[] truth = test.labels(test.taskIndex(t.name()));
            Map<String, Plots.Scores> scores = new LinkedHashMap<>();
            for (Trained tr : first.values()) {
                scores.put(tr.configuration(), new Plots.Scores(truth, tr.predictions().probabilities().get(t.name())));
            }
            Plots.roc(dir.resolve("roc-" + t.name() + ".png"), "ROC, " + t.name() + " (test split, first seed)", scores);
            Plots.reliability(dir.resolve("reliability-" + t.name() + ".png"), "Reliability, " + t.name()
                    + " (test split, first seed)", scores);
            pngs.add("roc-" + t.name() + ".png");
            pngs.add("reliability-" + t.name() + ".png");
            if (in.comparator() != null) {
                List<Trained> list = new ArrayList<>(first.values());
                for (int a = 0; a < list.size(); a++) {
                    for (int b = a + 1; b < list.size(); b++) {
                        try {
                            for (Comparison c : in.comparator().comparator().compare(t, truth, list.get(a).predictions()
                                    .probabilities().get(t.name()), list.get(b).predictions().probabilities().get(t
                                            .name()))) {
                                comparisons.add(new String[] { t.name(), list.get(a).configuration(), list.get(b)
                                        .configuration(), c.name(), Double.toString(c.valueA()), Double.toString(c
                                                .valueB()), Double.toString(c.statistic()), Double.toString(c
                                                        .pValue()) });
                            }
                        } catch (IllegalArgumentException e) {
                            // a class too small for the test: leave the pair out
                        }
                    }
                }
            }
        }
        Map<String, TrainingHistory> histories = new LinkedHashMap<>();
        for (Trained tr : first.values()) {
            if (!tr.history().epochs().isEmpty()) {
                histories.put(tr.configuration(), tr.history());
            }
        }
        if (!histories.isEmpty()) {
            Plots.lossCurves(dir.resolve("loss-curves.png"), "Training (solid) and validation (dashed) loss",
                    histories);
            pngs.add("loss-curves.png");
        }
        CsvText cmp = new CsvText("task", "a", "b", "metric", "value_a", "value_b", "statistic", "p");
        for (String[] c : comparisons) {
            cmp.row((Object[]) c);
        }
        AtomicFiles.writeString(dir.resolve("comparisons.csv"), cmp.toString());

        List<String> analysisFiles = new ArrayList<>();
        if (spec.analysis() != null) {
            progress.checkCanceled();
            progress.setProgress((double) (done + 0.5) / work, "feature analysis");
            Cohort cohort = in.data().full();
            int ti = cohort.taskIndex(spec.analysis().task());
            String[] groups = groupNames(cohort.tasks().get(ti));
            FeatureAnalysis.write(cohort, ti, groups, spec.analysis().boxPlots(), spec.analysis().top(), dir.resolve(
                    "analysis"));
            analysisFiles.add("analysis/boxplots-" + spec.analysis().task() + ".png");
            analysisFiles.add("analysis/heatmap-" + spec.analysis().task() + ".png");
        }

        String paper = ResultTables.paperTable(spec, summary, tasks);
        Instant finished = Instant.now();
        AtomicFiles.writeString(dir.resolve("provenance.json"), JsonFiles.write(Provenance.of(spec, in, trained,
                started, finished)));
        AtomicFiles.writeString(dir.resolve("report.html"), Report.html(spec, in, summary, comparisons, paper, pngs,
                analysisFiles, importanceFiles, volumes == null ? null : volumes.skipped(), started, finished));
        return new Result(dir, rows, summary, paper);
    }

    /**
     * Feature importances of a trained model (first seed): {@code importance/<configuration>-<type>.csv} (feature,
     * one column per task) and {@code importance/<configuration>-<type>.png} (top 20 per task).
     */
    private static List<String> writeImportance(Path dir, String configuration, FeatureImportance fi,
            List<Task> tasks) {
        List<String> files = new ArrayList<>();
        List<String> names = fi.featureNames();
        for (String type : new java.util.TreeSet<>(fi.importanceTypes())) {
            Map<String, double[]> byTask = new LinkedHashMap<>();
            for (Task t : tasks) {
                byTask.put(t.name(), fi.importance(t.name(), type));
            }
            List<String> header = new ArrayList<>(List.of("feature"));
            header.addAll(byTask.keySet());
            CsvText csv = new CsvText(header);
            for (int j = 0; j < names.size(); j++) {
                List<Object> r = new ArrayList<>(List.of(names.get(j)));
                for (double[] v : byTask.values()) {
                    r.add(v[j]);
                }
                csv.row(r);
            }
            String base = "importance/" + fileName(configuration) + "-" + type;
            AtomicFiles.writeString(dir.resolve(base + ".csv"), csv.toString());
            Map<String, Map<String, Double>> plot = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> e : byTask.entrySet()) {
                Map<String, Double> m = new LinkedHashMap<>();
                for (int j = 0; j < names.size(); j++) {
                    m.put(names.get(j), e.getValue()[j]);
                }
                plot.put(e.getKey(), m);
            }
            Plots.importance(dir.resolve(base + ".png"), configuration + " " + type, plot, 20);
            files.add(base + ".png");
        }
        return files;
    }

    public static String[] groupNames(Task t) {
        if (t.name().equals(Task.SEVERITY.name())) {
            return new String[] { "control", "mild/regular", "severe/critical" };
        }
        String[] g = new String[t.classes()];
        for (int k = 0; k < g.length; k++) {
            g[k] = t.classes() == 2 ? (k == 0 ? "negative" : "positive") : "class " + k;
        }
        return g;
    }

    private static void check(ExperimentSpec spec, Inputs in) {
        String f = spec.file().toString();
        for (ExperimentSpec.Run run : spec.runs()) {
            if (!in.models().containsKey(run.model())) {
                throw new StageException(f + " run " + run.label(), "no model factory named " + run.model()
                        + " (available: " + String.join(", ", in.models().keySet()) + ")");
            }
            if (VolumeRun.readsVolumes(in.models().get(run.model()))) {
                if (spec.volumes().isEmpty()) {
                    throw new StageException(f + " run " + run.label(), "model " + run.model() + " trains on CT "
                            + "volumes, but the experiment has no data.volumes (a study table id,volume,covid-ct,"
                            + "covid-nat,severity with a row for every study of the split)");
                }
                for (String p : VolumeRun.RESERVED) {
                    if (run.parameters().containsKey(p)) {
                        throw new StageException(f + " run " + run.label() + " parameters." + p, "is for mtl:train "
                                + "only: an experiment's volume runs keep no checkpoints");
                    }
                }
                if (in.studies() == null) {
                    throw new StageException(f + " run " + run.label(), "model " + run.model() + " trains on CT "
                            + "volumes, but no volume readers and segmenter were given to prepare the studies");
                }
            }
            if (!run.losses().isEmpty() && !in.models().get(run.model()).descriptor().multitask()) {
                throw new StageException(f + " run " + run.label(), "model " + run.model()
                        + " trains each task separately and takes no loss strategy; remove \"loss\"");
            }
            for (String l : run.losses()) {
                if (!in.losses().containsKey(l)) {
                    throw new StageException(f + " run " + run.label(), "no loss strategy named " + l
                            + " (available: " + String.join(", ", in.losses().keySet()) + ")");
                }
            }
        }
        for (String e : spec.evaluators()) {
            if (!in.evaluators().containsKey(e)) {
                throw new StageException(f + " evaluation.evaluators", "no evaluator named " + e + " (available: "
                        + String.join(", ", in.evaluators().keySet()) + ")");
            }
        }
        // every configuration label must be unique, including resolved default losses
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ExperimentSpec.Run run : spec.runs()) {
            if (run.losses().isEmpty()) {
                seen.add(run.label());
            }
            for (String l : run.losses()) {
                String c = run.label() + "/" + in.losses().get(l).name();
                if (!seen.add(c)) {
                    throw new StageException(f + " run " + run.label(), "loss " + l + " repeats configuration " + c);
                }
            }
        }
    }

    private static List<String> ids(Cohort c) {
        List<String> ids = new ArrayList<>(c.size());
        c.cases().forEach(r -> ids.add(r.id()));
        return ids;
    }

    /** Probabilities per task in the test cohort's study order; checks shape, ids and that rows are distributions. */
    private static Map<String, double[][]> align(Predictions p, Cohort test, List<Task> tasks, String configuration) {
        Map<String, Integer> row = new HashMap<>();
        for (int i = 0; i < p.ids().size(); i++) {
            row.put(p.ids().get(i), i);
        }
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (Task t : tasks) {
            double[][] src = p.probabilities().get(t.name());
            if (src == null) {
                throw new StageException(configuration, "predictions lack task " + t.name());
            }
            double[][] dst = new double[test.size()][];
            for (int i = 0; i < test.size(); i++) {
                String id = test.cases().get(i).id();
                Integer r = row.get(id);
                if (r == null) {
                    throw new StageException(configuration, "no prediction for study " + id);
                }
                double[] q = src[r];
                if (q.length != t.classes()) {
                    throw new StageException(configuration + " study " + id, q.length + " probabilities for task "
                            + t.name() + " with " + t.classes() + " classes");
                }
                double s = 0;
                for (double v : q) {
                    if (Double.isNaN(v) || v < -1e-9 || v > 1 + 1e-9) {
                        throw new StageException(configuration + " study " + id, "probability " + v + " for task "
                                + t.name());
                    }
                    s += v;
                }
                if (Math.abs(s - 1) > 1e-4) {
                    throw new StageException(configuration + " study " + id, "probabilities of task " + t.name()
                            + " sum to " + s);
                }
                dst[i] = q.clone();
            }
            out.put(t.name(), dst);
        }
        return out;
    }

    static String fileName(String configuration) {
        return configuration.replace('/', '_');
    }

    private static void delete(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
