package org.covidmtl.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.stage.CanceledException;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.cohort.CohortSplit;
import org.covidmtl.loss.mean.MeanLoss;
import org.covidmtl.loss.randomweighted.RandomWeightedLoss;
import org.covidmtl.loss.uncertainty.UncertaintyWeightedLoss;
import org.covidmtl.models.features.RandomForestFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner end to end on the real cohort with the platform's Random Forest (org.covidmtl.models.features) and a
 * softmax multitask model trained with the platform's loss strategies.
 */
class ExperimentRunnerTest {
    @TempDir
    static Path tmp;
    static Path results;
    static ExperimentRunner.Result first;
    static ExperimentSpec spec;
    static CohortSplit data;

    static Map<String, ModelFactory> models() {
        Map<String, ModelFactory> m = new LinkedHashMap<>();
        m.put("random-forest", new RandomForestFactory());
        m.put("softmax-mtl", new SoftmaxMultitask());
        return m;
    }

    static Map<String, ExperimentRunner.NamedLoss> losses() {
        Map<String, ExperimentRunner.NamedLoss> l = new LinkedHashMap<>();
        l.put("mean", new ExperimentRunner.NamedLoss("mean", new MeanLoss()));
        l.put("random-weighted", new ExperimentRunner.NamedLoss("random-weighted", new RandomWeightedLoss(2, true)));
        l.put("uncertainty", new ExperimentRunner.NamedLoss("uncertainty", new UncertaintyWeightedLoss(0, 1)));
        // what the Gogo command does for "default": the platform's selected strategy under its own name
        l.put("default", new ExperimentRunner.NamedLoss("uncertainty", new UncertaintyWeightedLoss(0, 1)));
        return l;
    }

    static Path experiment(String name, String scaling, String extraRuns) throws IOException {
        Path shared = TestData.shared();
        String d = shared.resolve("data/covid-mtl").toString().replace("\\", "/");
        String json = "{\n \"name\": \"" + name + "\",\n \"data\": {\"cohort\": \"" + d + "/cohort.csv\", \"features\": \""
                + d + "/radiomics.csv\", \"train\": \"" + d + "/split-seed11-train.txt\", \"test\": \"" + d
                + "/split-seed11-test.txt\", \"scaling\": \"" + scaling + "\"},\n"
                + " \"evaluation\": {\"bootstrap\": 200, \"seed\": 3},\n"
                + " \"analysis\": {\"task\": \"severity\", \"top\": 12, \"boxplots\": 3},\n"
                + " \"runs\": [\n  {\"label\": \"RF\", \"model\": \"random-forest\", \"seeds\": [11],"
                + " \"parameters\": {\"trees\": 300}, \"paper\": {\"covid-ct\": 0.913, \"covid-nat\": 0.819}},\n"
                + "  {\"label\": \"softmax\", \"model\": \"softmax-mtl\", \"loss\": [\"mean\", \"random-weighted\"],"
                + " \"seeds\": [1, 2], \"parameters\": {\"epochs\": 150, \"lr\": 0.05}}" + extraRuns + "\n ]\n}\n";
        Path f = tmp.resolve(name + ".json");
        Files.writeString(f, json);
        return f;
    }

    @BeforeAll
    static void runOnce() throws IOException {
        results = tmp.resolve("results");
        spec = ExperimentSpec.read(experiment("e2e", "train-only", ""));
        data = ExperimentRunner.loadData(spec, Progress.none());
        first = new ExperimentRunner().run(spec, BuiltIn.inputs(spec, data, models(), losses()), results,
                Progress.none());
        String keep = System.getProperty("covidmtl.keepResults");
        if (keep != null) { // to look at the report by hand
            Path to = Path.of(keep).resolve(first.folder().getFileName());
            try (var s = Files.walk(first.folder())) {
                for (Path p : s.toList()) {
                    Path q = to.resolve(first.folder().relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(q);
                    } else {
                        Files.copy(p, q);
                    }
                }
            }
        }
    }

    @Test
    void resultFolderHoldsEveryFileAndNothingElseIsLeft() throws IOException {
        Path f = first.folder();
        assertThat(f.getParent()).isEqualTo(results);
        assertThat(f.getFileName().toString()).startsWith("e2e-");
        for (String name : List.of("metrics.csv", "summary.csv", "comparisons.csv", "report.html", "provenance.json",
                "roc-covid-ct.png", "roc-covid-nat.png", "roc-severity.png", "reliability-severity.png",
                "loss-curves.png", "analysis/anova-severity.csv", "analysis/heatmap-severity.png",
                "analysis/boxplots-severity.png", "importance/RF-gain.csv", "importance/RF-gain.png", "predictions/RF-seed11.csv", "predictions/softmax_mean-seed1.csv",
                "predictions/softmax_random-weighted-seed2.csv")) {
            assertThat(f.resolve(name)).as(name).isRegularFile();
        }
        try (var s = Files.list(results)) {
            assertThat(s.toList()).containsExactly(f); // no hidden temporary folder left behind
        }
        // the first seed of every configuration is saved as a trained-model artifact, and loads
        for (String name : List.of("models/RF-seed11/model.json", "models/softmax_mean-seed1/model.json",
                "models/softmax_random-weighted-seed1/model.json")) {
            assertThat(f.resolve(name)).as(name).isRegularFile();
        }
        assertThat(f.resolve("models/softmax_mean-seed2")).doesNotExist();
        assertThat(Files.readString(f.resolve("models/softmax_random-weighted-seed1/model.json")))
                .contains("\"loss\" : \"random-weighted\"").contains("\"trainingData\" : \"");
        org.covidmtl.api.model.Model loaded = new SoftmaxMultitask().load(f.resolve("models/softmax_mean-seed1"));
        List<String> predicted = Files.readAllLines(f.resolve("predictions/softmax_mean-seed1.csv"));
        String[] row = predicted.get(1).split(",");
        // the artifact takes the study's raw features: the experiment's train-only scaler travels with it
        org.covidmtl.api.cohort.CaseRecord study = data.full().cases().stream().filter(c -> c.id().equals(row[0]))
                .findFirst().orElseThrow();
        Map<String, Double> byName = new LinkedHashMap<>();
        for (int j = 0; j < data.full().featureNames().size(); j++) {
            byName.put(data.full().featureNames().get(j), study.feature(j));
        }
        double[] p = loaded.predict(org.covidmtl.api.model.Study.ofFeatures(study.id(), byName)).probabilities("covid-ct");
        assertThat(p[1]).isCloseTo(Double.parseDouble(row[3]), org.assertj.core.data.Offset.offset(1e-6));
        String html = Files.readString(f.resolve("report.html"));
        assertThat(html).contains("<img src=\"roc-covid-ct.png\"").contains("train-only").contains("Comparisons by delong")
                .contains("<h2>Training</h2>");
        List<String> pred = Files.readAllLines(f.resolve("predictions/RF-seed11.csv"));
        assertThat(pred).hasSize(400);
        assertThat(pred.get(0)).isEqualTo("id,covid-ct_truth,covid-ct_p0,covid-ct_p1,covid-nat_truth,covid-nat_p0,"
                + "covid-nat_p1,severity_truth,severity_p0,severity_p1,severity_p2");
    }

    @Test
    void randomForestReachesThePapersAucOnTheTestSplit() {
        Map<String, Double> auc = new LinkedHashMap<>();
        for (ExperimentRunner.SummaryRow r : first.summary()) {
            if (r.configuration().equals("RF") && r.metric().equals("auc-paper")) {
                auc.put(r.task(), r.mean());
                assertThat(r.lower()).isLessThan(r.mean());
                assertThat(r.upper()).isGreaterThan(r.mean());
            }
        }
        System.out.println("RF (300 trees, seed 11, train-only scaling) paper-AUC on the test split: " + auc);
        System.out.print(first.paperTable());
        // paper: 0.913 / 0.819; scikit-learn RF on this split: 0.912 / 0.819 / 0.791 (data README)
        assertThat(auc.get("covid-ct")).isBetween(0.88, 0.95);
        assertThat(auc.get("covid-nat")).isBetween(0.78, 0.86);
        assertThat(auc.get("severity")).isBetween(0.74, 0.84);
        assertThat(first.paperTable()).contains("(0.913)").contains("(0.819)");
    }

    @Test
    void metricsCoverEveryConfigurationSeedTaskAndEvaluator() throws IOException {
        List<String> lines = Files.readAllLines(first.folder().resolve("metrics.csv"));
        // per task: accuracy 1 + weighted 3 + auc 1 (+3 per class for severity) + paper 2 + classes + calibration 2
        // + confusion classes^2; binary: 1+3+1+4+2+4 = 15, severity: 1+3+4+5+2+9 = 24; 54 per trained model
        int trainedModels = 1 + 2 * 2;
        assertThat(lines).hasSize(1 + trainedModels * 54);
        long softmaxRows = lines.stream().filter(l -> l.startsWith("softmax/random-weighted,")).count();
        assertThat(softmaxRows).isEqualTo(2 * 54);
        // the softmax model learned something on every task
        for (ExperimentRunner.SummaryRow r : first.summary()) {
            if (r.configuration().startsWith("softmax/") && r.metric().equals("auc")) {
                assertThat(r.mean()).as(r.configuration() + " " + r.task()).isGreaterThan(0.65);
                assertThat(r.seeds()).isEqualTo(2);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void provenanceRecordsScalingSeedsChecksumsAndVersions() throws IOException {
        Map<String, Object> p = (Map<String, Object>) JsonFiles.read(first.folder().resolve("provenance.json"));
        Map<String, Object> data = (Map<String, Object>) p.get("data");
        assertThat(data.get("scaling")).isEqualTo("train-only");
        Map<String, Object> sha = (Map<String, Object>) data.get("sha256");
        Path cohort = TestData.shared().resolve("data/covid-mtl/cohort.csv").normalize();
        String expected;
        try {
            expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(
                    Files.readAllBytes(cohort)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        assertThat(sha.get(cohort.toString())).isEqualTo(expected);
        assertThat(sha).hasSize(4);
        Map<String, Object> versions = (Map<String, Object>) p.get("versions");
        assertThat(versions.get("platform")).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(versions.get("xchart")).isEqualTo("3.8.8");
        List<Object> runs = (List<Object>) p.get("runs");
        assertThat(runs).hasSize(5);
        assertThat(runs).extracting(r -> ((Map<String, Object>) r).get("seed")).containsExactly(11L, 1L, 2L, 1L, 2L);
        assertThat(((Map<String, Object>) p.get("settings")).get("name")).isEqualTo("e2e");
        assertThat(((Map<String, Object>) runs.get(1)).get("epochs")).isEqualTo(150L);
        assertThat(p.get("evaluators")).isEqualTo(ExperimentSpec.ALL_EVALUATORS);
        assertThat(p.get("comparator")).isEqualTo("delong");
        // every training: wall seconds of fit and its threads (RF: no threads parameter, so OpenMP or all processors)
        for (Object o : runs) {
            Map<String, Object> r = (Map<String, Object>) o;
            assertThat((Double) r.get("wallSeconds")).as(r.toString()).isPositive().isLessThan(600);
            assertThat((Long) r.get("threads")).as(r.toString()).isPositive();
            assertThat(r.get("threadsFrom")).isIn("OMP_NUM_THREADS", "processors");
        }
    }

    @Test
    void summaryHoldsTrainingTimeAndThreadsPerConfiguration() throws IOException {
        List<String> summary = Files.readAllLines(first.folder().resolve("summary.csv"));
        assertThat(summary.get(0)).isEqualTo("configuration,task,metric,mean,sd,seeds,lower,upper");
        assertThat(summary).anyMatch(l -> l.matches("RF,training,wall-seconds,[0-9.E-]+,0\\.0,1,NaN,NaN"))
                .anyMatch(l -> l.matches("softmax/mean,training,wall-seconds,[0-9.E-]+,[0-9.E-]+,2,NaN,NaN"))
                .anyMatch(l -> l.matches("softmax/random-weighted,training,threads,\\d+\\.0,0\\.0,2,NaN,NaN"));
        ExperimentRunner.SummaryRow rf = first.summary().stream().filter(r -> r.configuration().equals("RF") && r
                .metric().equals("wall-seconds")).findFirst().orElseThrow();
        assertThat(rf.task()).isEqualTo("training");
        assertThat(rf.mean()).isPositive();
        // metrics.csv stays the evaluators' metrics
        assertThat(Files.readAllLines(first.folder().resolve("metrics.csv"))).noneMatch(l -> l.contains(",training,"));
    }

    @Test
    void referenceScalingIsRecordedAndCompareShowsBothFolders() throws IOException {
        ExperimentSpec ref = ExperimentSpec.read(experiment("e2e-ref", "reference-scaling", ""));
        ExperimentSpec small = new ExperimentSpec(ref.file(), ref.name(), ref.description(), ref.sources(), ref
                .scaling(), ref.tasks(), ref.validation(), 0, 1, ref.evaluators(), null, List.of(ref.runs().get(1)),
                ref.raw());
        CohortSplit data = ExperimentRunner.loadData(small, Progress.none());
        ExperimentRunner.Result r = new ExperimentRunner().run(small, BuiltIn.inputs(small, data, models(),
                losses()), tmp.resolve("results-ref"), Progress.none());
        assertThat(Files.readString(r.folder().resolve("provenance.json"))).contains("\"scaling\": \"reference-scaling\"");
        String table = ResultComparison.table(List.of(first.folder(), r.folder()), ResultComparison.METRICS);
        System.out.print(table);
        assertThat(table).contains(first.folder().getFileName().toString()).contains(r.folder().getFileName()
                .toString());
        assertThat(table.lines().skip(1).findFirst().orElseThrow()).contains("train-only").contains("reference-scaling");
        assertThat(table).containsPattern("softmax/mean +covid-ct +auc-paper +0\\.\\d{3} ± 0\\.\\d{3} +0\\.\\d{3} ± ");
        // RF is only in the first folder
        assertThat(table).containsPattern("RF +covid-ct +auc-paper +0\\.\\d{3} +- ");
    }

    @Test
    void cancelingStopsTrainingAndLeavesNoFolder() throws IOException {
        AtomicBoolean cancel = new AtomicBoolean();
        List<String> messages = new ArrayList<>();
        Progress p = new Progress() {
            @Override
            public void setProgress(double fraction, String message) {
                messages.add(message);
                if (message != null && message.startsWith("done")) {
                    cancel.set(true); // the caller cancels after the first trained model
                }
            }

            @Override
            public boolean isCanceled() {
                return cancel.get();
            }
        };
        Path out = tmp.resolve("results-canceled");
        CohortSplit data = ExperimentRunner.loadData(spec, Progress.none());
        ExperimentSpec softmaxOnly = new ExperimentSpec(spec.file(), "canceled", "", spec.sources(), spec.scaling(), spec
                .tasks(), "none", 0, 1, spec.evaluators(), null, List.of(spec.runs().get(1)), spec.raw());
        assertThatThrownBy(() -> new ExperimentRunner().run(softmaxOnly, BuiltIn.inputs(softmaxOnly, data,
                models(), losses()), out, p)).isInstanceOf(CanceledException.class);
        assertThat(messages).anyMatch(m -> m != null && m.startsWith("training softmax/mean seed 1 (1/4)"));
        assertThat(messages).noneMatch(m -> m != null && m.contains("(2/4)") && m.startsWith("training"));
        try (var s = Files.list(out)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void unknownModelOrLossIsReportedBeforeAnyTraining() throws IOException {
        ExperimentSpec bad = ExperimentSpec.read(experiment("bad", "train-only",
                ",\n  {\"label\": \"x\", \"model\": \"no-such-model\"}"));
        CohortSplit data = ExperimentRunner.loadData(spec, Progress.none());
        Path out = tmp.resolve("results-bad");
        assertThatThrownBy(() -> new ExperimentRunner().run(bad, BuiltIn.inputs(bad, data, models(),
                losses()), out, Progress.none())).isInstanceOf(StageException.class).hasMessageContaining(
                        "no model factory named no-such-model");
        assertThat(out).doesNotExist();
        ExperimentSpec badLoss = ExperimentSpec.read(experiment("bad2", "train-only",
                ",\n  {\"label\": \"y\", \"model\": \"softmax-mtl\", \"loss\": \"nope\"}"));
        assertThatThrownBy(() -> new ExperimentRunner().run(badLoss, BuiltIn.inputs(badLoss, data, models(),
                losses()), out, Progress.none())).hasMessageContaining("no loss strategy named nope");
    }

    @Test
    void aLossForAModelThatTrainsTasksSeparatelyIsRefusedBeforeAnyTraining() throws IOException {
        ExperimentSpec spec2 = ExperimentSpec.read(experiment("rf-loss", "train-only",
                ",\n  {\"label\": \"rf2\", \"model\": \"random-forest\", \"loss\": \"mean\"}"));
        CohortSplit d = ExperimentRunner.loadData(spec2, Progress.none());
        Path out = tmp.resolve("rf-loss-out");
        assertThatThrownBy(() -> new ExperimentRunner().run(spec2, BuiltIn.inputs(spec2, d, models(), losses()), out,
                Progress.none())).hasMessageContaining("run rf2").hasMessageContaining(
                        "random-forest trains each task separately and takes no loss strategy");
        assertThat(out).doesNotExist();
    }

    @Test
    void defaultLossIsRecordedUnderTheResolvedName() throws IOException {
        ExperimentSpec d = ExperimentSpec.read(experiment("default-loss", "train-only", ""));
        ExperimentSpec one = new ExperimentSpec(d.file(), d.name(), "", d.sources(), d.scaling(), List.of("covid-nat"),
                "none", 0, 1, List.of("auc"), null, List.of(new ExperimentSpec.Run("softmax", "softmax-mtl", List.of(
                        "default"), List.of(5L), Map.of("epochs", "5"), Map.of())), d.raw());
        CohortSplit data = ExperimentRunner.loadData(one, Progress.none());
        ExperimentRunner.Result r = new ExperimentRunner().run(one, BuiltIn.inputs(one, data, models(),
                losses()), tmp.resolve("results-default"), Progress.none());
        assertThat(r.metrics()).allSatisfy(m -> assertThat(m.configuration()).isEqualTo("softmax/uncertainty"));
        assertThat(Files.readString(r.folder().resolve("provenance.json"), StandardCharsets.UTF_8)).contains(
                "\"default\": \"uncertainty\"");
    }

    @Test
    void parallelTrainingGivesTheSameResultsInTheSameOrder() throws IOException {
        ExperimentSpec d = ExperimentSpec.read(experiment("parallel", "train-only", ""));
        ExperimentSpec.Run run = new ExperimentSpec.Run("softmax", "softmax-mtl", List.of("random-weighted", "mean"),
                List.of(5L, 6L), Map.of("epochs", "3"), Map.of());
        Map<String, Object> rawParallel = new java.util.HashMap<>(d.raw());
        rawParallel.put("parallel", 2L);
        ExperimentSpec sequential = new ExperimentSpec(d.file(), d.name(), "", d.sources(), d.scaling(), List.of(
                "covid-nat"), "none", 0, 1, List.of("auc"), null, List.of(run), d.raw());
        ExperimentSpec parallel = new ExperimentSpec(d.file(), d.name(), "", d.sources(), d.scaling(), List.of(
                "covid-nat"), "none", 0, 1, List.of("auc"), null, List.of(run), rawParallel);
        assertThat(sequential.parallel()).isEqualTo(1);
        assertThat(parallel.parallel()).isEqualTo(2);
        CohortSplit data = ExperimentRunner.loadData(sequential, Progress.none());
        ExperimentRunner.Result a = new ExperimentRunner().run(sequential, BuiltIn.inputs(sequential, data,
                models(), losses()), tmp.resolve("results-sequential"), Progress.none());
        ExperimentRunner.Result b = new ExperimentRunner().run(parallel, BuiltIn.inputs(parallel, data,
                models(), losses()), tmp.resolve("results-parallel"), Progress.none());
        assertThat(b.metrics()).isEqualTo(a.metrics());
        assertThat(b.metrics()).extracting(m -> m.configuration() + "@" + m.seed()).containsExactly(
                "softmax/random-weighted@5", "softmax/random-weighted@6", "softmax/mean@5", "softmax/mean@6");
    }
}
