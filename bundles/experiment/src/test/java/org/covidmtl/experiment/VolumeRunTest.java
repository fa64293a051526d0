package org.covidmtl.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.Prediction;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;
import org.covidmtl.assessment.StudyPreparation;
import org.covidmtl.loss.randomweighted.RandomWeightedLoss;
import org.covidmtl.models.features.RandomForestFactory;
import org.covidmtl.models.volume.CovidMtlFactory;
import org.covidmtl.volume.io.NiftiReader;
import org.covidmtl.volume.io.NiftiWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A volume run next to a feature run in one experiment, on real CT: three 20-slice crops of the IBSI CT phantom,
 * TotalSegmentator's small example CT and the two halves of its pulmonary crop (NIfTI), each read, resampled to
 * 1 mm, segmented with the classical segmenter and prepared as the paper's masked volume by mtl:train's
 * preparation; plus a corrupt file in the training split. Split: 2 readable training studies (and the corrupt one),
 * 4 test studies (2 positive, 2 negative for both diagnosis tasks, so DeLong's test runs). Runs: {@code random-forest}
 * (20 trees) on 3 features measured on each volume (mean HU, its standard deviation, the fraction of voxels below
 * −500 HU); a tiny {@code covid-mtl} (32³, the same 3 features, crop margin 16, batch 2, 1 epoch, random-weighted
 * loss, seed 11).
 * <p>
 * <b>The labels are assigned by us</b> (and the corrupt study's features, which have nothing to measure): this is a
 * smoke test of the machinery on real CT, not a claim about what either model learns.
 */
class VolumeRunTest {
    private static final Path SHARED = TestData.shared().resolve("data");
    private static final String PHANTOM = "ibsi/ibsi_1_ct_radiomics_phantom/nifti/image/phantom.nii.gz";
    private static final String SMALL_CT = "totalsegmentator/example_ct_sm.nii.gz";
    private static final String PULMONARY = "totalsegmentator/pulmonary_ct_cropped.nii.gz";
    private static final List<String> TRAIN = List.of("phantom-a", "pulmonary-a", "broken");
    private static final List<String> TEST = List.of("phantom-b", "chest", "phantom-c", "pulmonary-b");
    /** covid-ct, covid-nat, severity: assigned by us. */
    private static final Map<String, int[]> LABELS = Map.of(
            "phantom-a", new int[] {1, 1, 2}, "pulmonary-a", new int[] {0, 0, 0}, "broken", new int[] {1, 0, 1},
            "phantom-b", new int[] {1, 1, 2}, "chest", new int[] {0, 0, 0}, "phantom-c", new int[] {1, 1, 1},
            "pulmonary-b", new int[] {0, 0, 0});
    private static final String VOLUME_RUN = "covid-mtl/random-weighted";

    @TempDir
    static Path dir;
    private static Path data;
    private static Path results;
    private static ExperimentRunner.Result result;
    private static String log;

    @BeforeAll
    static void runOnce() throws Exception {
        data = Files.createDirectories(dir.resolve("data"));
        Map<String, Path> volumes = new LinkedHashMap<>();
        Volume phantom = read(PHANTOM);
        int nz = phantom.geometry().size()[2];
        volumes.put("phantom-a", write(slab(phantom, 0, nz / 3), "phantom-a.nii.gz"));
        volumes.put("phantom-b", write(slab(phantom, nz / 3, 2 * nz / 3), "phantom-b.nii.gz"));
        volumes.put("phantom-c", write(slab(phantom, 2 * nz / 3, nz), "phantom-c.nii.gz"));
        volumes.put("chest", SHARED.resolve(SMALL_CT));
        Volume pulmonary = read(PULMONARY);
        int pz = pulmonary.geometry().size()[2];
        volumes.put("pulmonary-a", write(slab(pulmonary, 0, pz / 2), "pulmonary-a.nii.gz"));
        volumes.put("pulmonary-b", write(slab(pulmonary, pz / 2, pz), "pulmonary-b.nii.gz"));
        volumes.put("broken", Files.writeString(data.resolve("broken.nii.gz"), "not a volume at all"));

        List<String> cohort = new ArrayList<>(List.of("PID,COVIDCT,COVIDNC,COVIDSeverity"));
        List<String> features = new ArrayList<>(List.of("PID,radio_0,radio_1,radio_2"));
        List<String> table = new ArrayList<>(List.of("id,volume,covid-ct,covid-nat,severity"));
        for (Map.Entry<String, Path> e : volumes.entrySet()) {
            int[] l = LABELS.get(e.getKey());
            cohort.add(e.getKey() + "," + l[0] + "," + l[1] + "," + l[2]);
            features.add(e.getKey() + "," + (e.getKey().equals("broken") ? "0,0,0" : measured(read(e.getValue()))));
            table.add(e.getKey() + "," + data.relativize(e.getValue().toAbsolutePath()) + "," + l[0] + "," + l[1] + ","
                    + l[2]);
        }
        Files.write(data.resolve("cohort.csv"), cohort);
        Files.write(data.resolve("features.csv"), features);
        Files.write(data.resolve("volumes.csv"), table);
        Files.write(data.resolve("train.txt"), TRAIN);
        Files.write(data.resolve("test.txt"), TEST);
        Path file = experiment("smoke.json", "\"volumes\": { \"studies\": \"volumes.csv\", \"features\": "
                + "\"features.csv\", \"prepare\": \"segment\", \"segmenter\": \"classical\" }");

        results = dir.resolve("results");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long t = System.nanoTime();
        ExperimentSpec spec = ExperimentSpec.read(file);
        result = new ExperimentRunner().run(spec, inputs(spec), results, Progress.none(), new PrintStream(out, true,
                StandardCharsets.UTF_8));
        log = out.toString(StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "experiment with a feature run and a volume run: %.1f s%n%s%n%s",
                (System.nanoTime() - t) / 1e9, log, Files.readString(result.folder().resolve("preparation.csv")));
    }

    @Test
    void bothRunsAreEvaluatedOnTheTestStudiesInTheSameTables() throws Exception {
        for (String configuration : List.of("RF", VOLUME_RUN)) {
            for (String task : List.of("covid-ct", "covid-nat", "severity")) {
                List<ExperimentRunner.MetricRow> rows = result.metrics().stream().filter(r -> r.configuration()
                        .equals(configuration) && r.task().equals(task)).toList();
                assertThat(rows).as(configuration + " " + task).extracting(r -> r.metric().name())
                        .contains("accuracy", "auc");
                rows.forEach(r -> assertThat(r.metric().value()).as(configuration + " " + task + " " + r.metric()
                        .name()).isFinite());
            }
        }
        String metrics = Files.readString(result.folder().resolve("metrics.csv"));
        assertThat(metrics).contains("\n" + VOLUME_RUN + ",covid-mtl,covid-mtl,random-weighted,11,covid-ct,auc,")
                .contains("\nRF,RF,random-forest,,11,covid-ct,auc,");
        assertThat(result.summary()).extracting(ExperimentRunner.SummaryRow::configuration).contains("RF",
                VOLUME_RUN);

        // predictions for every test study, in the test split's order, each a distribution
        List<String> p = Files.readAllLines(result.folder().resolve("predictions/covid-mtl_random-weighted-seed11.csv"));
        assertThat(p).hasSize(1 + TEST.size());
        for (int i = 0; i < TEST.size(); i++) {
            assertThat(p.get(i + 1)).startsWith(TEST.get(i) + ",");
        }

        // DeLong's test compares the two runs (2 positives and 2 negatives per diagnosis task)
        List<String> comparisons = Files.readAllLines(result.folder().resolve("comparisons.csv"));
        assertThat(comparisons).anySatisfy(l -> assertThat(l).startsWith("covid-ct,RF," + VOLUME_RUN + ","));
        assertThat(result.folder().resolve("report.html")).content().contains("Volume runs").contains("broken");
    }

    @Test
    void theVolumeModelIsSavedAndLoadsAndPredictsAsInTheResults() throws Exception {
        Path artifact = result.folder().resolve("models/covid-mtl_random-weighted-seed11");
        assertThat(artifact.resolve("model.json")).isRegularFile();
        assertThat(result.folder().resolve("models/RF-seed11")).isDirectory();
        Model m = new CovidMtlFactory().load(artifact);
        String id = TEST.get(0);
        Path prepared = StudyPreparation.preparedVolume(VolumeStudies.cache(ExperimentSpec.read(data.resolve(
                "smoke.json")), results), id);
        StudyPreparation preparation = new StudyPreparation(new VolumeStages());
        Map<String, Double> features = new LinkedHashMap<>();
        String[] row = Files.readAllLines(data.resolve("features.csv")).stream().filter(l -> l.startsWith(id + ","))
                .findFirst().orElseThrow().split(",");
        for (int k = 0; k < 3; k++) {
            features.put("radio_" + k, Double.parseDouble(row[k + 1]));
        }
        Prediction pr = m.predict(new Study(id, features, Map.of(), () -> preparation.open(prepared, Progress
                .none())));
        // the CSV row: id, then per task its truth and its probabilities
        String[] csv = Files.readAllLines(result.folder().resolve("predictions/covid-mtl_random-weighted-seed11.csv"))
                .get(1).split(",");
        int c = 1;
        for (String task : List.of("covid-ct", "covid-nat", "severity")) {
            c++; // truth
            for (double v : pr.probabilities().get(task)) {
                assertThat(v).as(task).isCloseTo(Double.parseDouble(csv[c++]), within(1e-5));
            }
        }
    }

    @Test
    void aCorruptTrainingVolumeIsSkippedAndReportedAndTheRunGoesOn() throws Exception {
        Path broken = data.resolve("broken.nii.gz");
        assertThat(log).contains("skipped broken (train): " + broken);
        List<String> prep = Files.readAllLines(result.folder().resolve("preparation.csv"));
        assertThat(prep.get(0)).isEqualTo("id,role,volume,status,seconds,lung-voxels,problem");
        assertThat(prep).hasSize(1 + TEST.size() + TRAIN.size());
        assertThat(prep).filteredOn(l -> l.startsWith("broken,")).singleElement().satisfies(l -> assertThat(l)
                .startsWith("broken,train," + broken + ",skipped,"));
        assertThat(prep).filteredOn(l -> !l.startsWith("broken,") && !l.startsWith("id,")).allSatisfy(l ->
                assertThat(l).contains(",prepared,"));
    }

    @Test
    void aVolumeModelWithoutVolumesIsOneLineNamingTheRun() throws Exception {
        Path file = experiment("no-volumes.json", null);
        ExperimentSpec spec = ExperimentSpec.read(file);
        Path out = dir.resolve("no-volumes-results");
        assertThatThrownBy(() -> new ExperimentRunner().run(spec, inputs(spec), out, Progress.none()))
                .isInstanceOf(StageException.class)
                .hasMessage(file + " run covid-mtl: model covid-mtl trains on CT volumes, but the experiment has no "
                        + "data.volumes (a study table id,volume,covid-ct,covid-nat,severity with a row for every "
                        + "study of the split)");
        assertThat(out).doesNotExist();

        // checkpoints are mtl:train's: an experiment trains several seeds and losses into no checkpoint folder
        Path checkpoints = experiment("checkpoints.json", "\"volumes\": { \"studies\": \"volumes.csv\" }");
        Files.writeString(checkpoints, Files.readString(checkpoints).replace("\"epochs\": 1,",
                "\"epochs\": 1, \"checkpoints\": \"ck\","));
        ExperimentSpec withCheckpoints = ExperimentSpec.read(checkpoints);
        assertThatThrownBy(() -> new ExperimentRunner().run(withCheckpoints, inputs(withCheckpoints), out,
                Progress.none())).isInstanceOf(StageException.class)
                .hasMessage(checkpoints + " run covid-mtl parameters.checkpoints: is for mtl:train only: an "
                        + "experiment's volume runs keep no checkpoints");
        assertThat(out).doesNotExist();
    }

    @Test
    void aStudyWithoutAVolumeOrWithAnUnreadableTestVolumeOrWithOtherLabelsIsOneLineNamingIt() throws Exception {
        List<String> table = Files.readAllLines(data.resolve("volumes.csv"));
        // pulmonary-b (test split) has no row
        Files.write(data.resolve("missing.csv"), table.stream().filter(l -> !l.startsWith("pulmonary-b,")).toList());
        assertThatThrownBy(() -> run(experiment("missing.json", "\"volumes\": { \"studies\": \"missing.csv\" }")))
                .isInstanceOf(StageException.class)
                .hasMessage(data.resolve("missing.csv") + ": no volume for study pulmonary-b of the test split (every "
                        + "study of the split needs a row)");
        // phantom-b (test split) points to a file that is not there: named with the file, before any training
        Files.write(data.resolve("gone.csv"), table.stream().map(l -> l.startsWith("phantom-b,")
                ? l.replace("phantom-b.nii.gz", "gone.nii.gz") : l).toList());
        assertThatThrownBy(() -> run(experiment("gone.json", "\"volumes\": { \"studies\": \"gone.csv\" }")))
                .isInstanceOf(StageException.class)
                .hasMessage("study phantom-b (test split): " + data.resolve("gone.nii.gz") + ": no such file or folder"
                        + " (the volume runs are evaluated on every test study: fix its volume in "
                        + data.resolve("gone.csv") + ")");
        // chest's covid-ct label differs from the cohort's
        Files.write(data.resolve("relabelled.csv"), table.stream().map(l -> l.startsWith("chest,")
                ? l.replaceFirst(",0,0,0$", ",1,0,0") : l).toList());
        int line = table.indexOf(table.stream().filter(l -> l.startsWith("chest,")).findFirst().orElseThrow()) + 1;
        assertThatThrownBy(() -> run(experiment("relabelled.json", "\"volumes\": { \"studies\": \"relabelled.csv\" }")))
                .isInstanceOf(StageException.class)
                .hasMessage(data.resolve("relabelled.csv") + " line " + line + ": study chest: covid-ct label 1 here, 0 "
                        + "in the cohort");
    }

    @Test
    void noTrainingStudyLeftIsOneLineNamingTheTableAndLeavesNoResultFolder() throws Exception {
        // every training study points to the corrupt file; the test studies are the main run's (prepared volumes
        // reused from its cache, so this takes no segmentation)
        List<String> table = Files.readAllLines(data.resolve("volumes.csv"));
        Files.write(data.resolve("all-broken.csv"), table.stream().map(l -> TRAIN.stream().anyMatch(id -> l
                .startsWith(id + ",")) ? l.replaceFirst(",[^,]*\\.nii\\.gz,", ",broken.nii.gz,") : l).toList());
        ExperimentSpec spec = ExperimentSpec.read(experiment("all-broken.json", "\"volumes\": { \"studies\": "
                + "\"all-broken.csv\", \"features\": \"features.csv\", \"segmenter\": \"classical\" }"));
        List<Path> before;
        try (var s = Files.list(results)) {
            before = s.sorted().toList();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> new ExperimentRunner().run(spec, inputs(spec), results, Progress.none(),
                new PrintStream(out, true, StandardCharsets.UTF_8))).isInstanceOf(StageException.class)
                .hasMessage(data.resolve("all-broken.csv") + ": no training study is left: every one failed to read or"
                        + " segment (first: phantom-a: " + data.resolve("broken.nii.gz") + ": no registered volume "
                        + "reader recognises this input (DICOM folder or file, NIfTI, NRRD, .dtm; 1 readers asked))");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("skipped phantom-a (train): ");
        try (var s = Files.list(results)) {
            assertThat(s.sorted().toList()).isEqualTo(before);
        }
    }

    // ---- helpers ----

    private static void run(Path file) {
        ExperimentSpec spec = ExperimentSpec.read(file);
        new ExperimentRunner().run(spec, inputs(spec), dir.resolve("failing-results"), Progress.none());
    }

    /** An experiment over the test's data with one feature run and one volume run; {@code volumes} may be null. */
    private static Path experiment(String name, String volumes) throws Exception {
        Path file = data.resolve(name);
        Files.writeString(file, """
                { "name": "volume-smoke",
                  "data": { "cohort": "cohort.csv", "features": "features.csv", "train": "train.txt",
                            "test": "test.txt", "scaling": "train-only"%s },
                  "seeds": [11], "validation": "none",
                  "evaluation": { "bootstrap": 0, "evaluators": ["accuracy", "weighted-prf", "auc"],
                                  "comparator": "delong" },
                  "runs": [
                    { "label": "RF", "model": "random-forest", "parameters": { "trees": 20 } },
                    { "label": "covid-mtl", "model": "covid-mtl", "loss": "random-weighted",
                      "parameters": { "depth": 32, "size": 32, "radio-features": 3, "crop-margin": 16,
                                      "epochs": 1, "batch-size": 2 } } ] }
                """.formatted(volumes == null ? "" : ",\n" + volumes));
        return file;
    }

    private static ExperimentRunner.Inputs inputs(ExperimentSpec spec) {
        Map<String, ModelFactory> models = Map.of("random-forest", new RandomForestFactory(), "covid-mtl",
                new CovidMtlFactory());
        Map<String, ExperimentRunner.NamedLoss> losses = Map.of("random-weighted", new ExperimentRunner.NamedLoss(
                "random-weighted", new RandomWeightedLoss(2, false)));
        ExperimentRunner.Inputs in = BuiltIn.inputs(spec, ExperimentRunner.loadData(spec, Progress.none()), models,
                losses);
        return new ExperimentRunner.Inputs(in.data(), in.models(), in.losses(), in.evaluators(), in.comparator(),
                new VolumeStages());
    }

    private static Volume read(String shared) throws Exception {
        return read(SHARED.resolve(shared));
    }

    private static Volume read(Path file) throws Exception {
        return new NiftiReader().read(file, Map.of(), Progress.none()).volume();
    }

    /** Slices {@code from} (inclusive) to {@code to} (exclusive) of an axial volume, on the same in-plane grid. */
    private static Volume slab(Volume v, int from, int to) {
        int[] n = v.geometry().size();
        int plane = n[0] * n[1];
        float[] out = new float[plane * (to - from)];
        System.arraycopy(v.voxels(), from * plane, out, 0, out.length);
        VolumeGeometry g = v.geometry();
        double[] origin = g.origin().clone();
        origin[2] += from * g.spacing()[2];
        return new Volume(VolumeGeometry.axial(new int[] {n[0], n[1], to - from}, g.spacing(), origin), out);
    }

    private static Path write(Volume v, String name) throws Exception {
        Path p = data.resolve(name);
        new NiftiWriter().write(v, p, Progress.none());
        return p;
    }

    /** Mean HU, its standard deviation and the fraction of voxels below −500 HU. */
    private static String measured(Volume v) {
        float[] x = v.voxels();
        double s = 0;
        double ss = 0;
        long low = 0;
        for (float f : x) {
            s += f;
            ss += (double) f * f;
            low += f < -500 ? 1 : 0;
        }
        double mean = s / x.length;
        return String.format(Locale.ROOT, "%.4f,%.4f,%.6f", mean, Math.sqrt(Math.max(0, ss / x.length - mean * mean)),
                (double) low / x.length);
    }
}
