package org.covidmtl.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.Prediction;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;
import org.covidmtl.models.volume.CovidMtlFactory;
import org.covidmtl.volume.io.NiftiReader;
import org.covidmtl.volume.io.NiftiWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mtl:train}'s core on real CT: the IBSI CT phantom (NIfTI), TotalSegmentator's small example CT and a
 * 40-slice crop of the phantom written to a temporary folder, each read, resampled to 1 mm, segmented with the
 * classical segmenter and prepared as the paper's masked volume; plus a corrupt file. A tiny covid-mtl (32³, 4
 * features, crop margin 16, batch 2, 2 epochs, random-weighted loss, seed 11): 2 training studies (1 iteration per
 * epoch) and 1 validation study.
 * <p>
 * <b>The labels and the 4 feature values are assigned by us</b>: this is a smoke test of the machinery on real CT,
 * not a claim about what the model learns.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainingToolTest {
    private static final String PHANTOM = "ibsi/ibsi_1_ct_radiomics_phantom/nifti/image/phantom.nii.gz";
    private static final String CHEST = "totalsegmentator/example_ct_sm.nii.gz";

    @TempDir
    static Path dir;
    private static Path experiment;
    private static Path out;
    private static TrainingTool.Run first;
    private static String firstLog;

    @BeforeAll
    static void trainOnce() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        // a crop of the phantom (slices 10..49) written as a study of its own
        Volume phantom = new NiftiReader().read(TestStages.data(PHANTOM), Map.of(), Progress.none()).volume();
        int[] n = phantom.geometry().size();
        int nz = Math.min(40, n[2] - 10);
        float[] v = new float[n[0] * n[1] * nz];
        for (int k = 0; k < nz; k++) {
            System.arraycopy(phantom.voxels(), (k + 10) * n[0] * n[1], v, k * n[0] * n[1], n[0] * n[1]);
        }
        VolumeGeometry g = phantom.geometry();
        Volume crop = new Volume(VolumeGeometry.axial(new int[] {n[0], n[1], nz}, g.spacing(), g.origin()), v);
        new NiftiWriter().write(crop, data.resolve("phantom-crop.nii.gz"), Progress.none());
        Files.write(data.resolve("broken.nii.gz"), "not a volume at all".getBytes(StandardCharsets.US_ASCII));

        Files.writeString(data.resolve("studies.csv"), String.join("\n",
                "id,volume,covid-ct,covid-nat,severity",
                "phantom," + TestStages.data(PHANTOM) + ",1,1,2",
                "broken,broken.nii.gz,0,1,1",
                "chest," + TestStages.data(CHEST) + ",0,0,0",
                "phantom-crop,phantom-crop.nii.gz,1,,1", ""));
        Files.writeString(data.resolve("features.csv"), String.join("\n",
                "PID,radio_0,radio_1,radio_2,radio_3",
                "phantom,0.5,1.2,-0.3,2.0",
                "broken,0,0,0,0",
                "chest,-0.4,0.1,0.8,1.0",
                "phantom-crop,0.45,1.1,-0.2,1.8", ""));
        experiment = data.resolve("smoke.json");
        Files.writeString(experiment, """
                { "name": "smoke", "model": "covid-mtl", "loss": "random-weighted", "seed": 11,
                  "parameters": { "depth": 32, "size": 32, "radio-features": 4, "crop-margin": 16,
                                  "epochs": 2, "batch-size": 2 },
                  "studies": "studies.csv", "features": "features.csv",
                  "validation": ["phantom-crop"], "prepare": "segment" }
                """);
        out = dir.resolve("smoke-out");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        long t = System.nanoTime();
        first = new TrainingTool(new TestStages()).train(experiment, out, false, 2, Progress.none(),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        firstLog = log.toString(StandardCharsets.UTF_8);
        System.out.printf("mtl:train core run: %.1f s%n%s%n%s", (System.nanoTime() - t) / 1e9, first.summary(),
                firstLog);
        for (StudyPreparation.Outcome o : first.studies()) {
            System.out.printf("  %s %s %s %.1f s %d%n", o.id(), o.role(), o.status(), o.seconds(), o.lungVoxels());
        }
    }

    @Test
    @Order(1)
    void trainsOnRealCtSavesAnArtifactThatLoadsAndPredictsAndWritesTheHistory() throws Exception {
        assertThat(first.trained()).isEqualTo(2);
        assertThat(first.validated()).isEqualTo(1);
        assertThat(first.skipped()).isEqualTo(1);
        assertThat(first.summary()).startsWith("trained covid-mtl \"smoke\" on 2 studies (1 validation, 1 skipped), "
                + "2 epochs, loss random-weighted, seed 11").endsWith("; model: " + out.resolve("model"));

        // prepared once per study: the paper's 340×390×390 masked volume (HU), its mask and what it was made from
        for (String id : List.of("phantom", "chest", "phantom-crop")) {
            Path ct = StudyPreparation.preparedVolume(out, id);
            assertThat(ct).isRegularFile();
            assertThat(ct.resolveSibling(id + "-mask.nii.gz")).isRegularFile();
            assertThat(ct.resolveSibling(id + ".json")).isRegularFile();
        }
        Volume prepared = new NiftiReader().read(StudyPreparation.preparedVolume(out, "phantom"), Map.of(),
                Progress.none()).volume();
        assertThat(prepared.geometry().size()).containsExactly(390, 390, 340);
        for (double sp : prepared.geometry().spacing()) {
            assertThat(sp).isCloseTo(1, within(0.05)); // scipy zoom's grid: 1 mm within about 1 %
        }

        // the artifact loads with the factory and predicts one study
        Path artifact = out.resolve("model");
        assertThat(artifact.resolve("model.json")).isRegularFile();
        Model m = new CovidMtlFactory().load(artifact);
        StudyPreparation prep = new StudyPreparation(new TestStages());
        Study s = new Study("phantom", Map.of("radio_0", 0.5, "radio_1", 1.2, "radio_2", -0.3, "radio_3", 2.0),
                Map.of(), () -> prep.open(StudyPreparation.preparedVolume(out, "phantom"), Progress.none()));
        Prediction p = m.predict(s);
        assertThat(p.probabilities()).containsOnlyKeys("covid-ct", "covid-nat", "severity");
        p.probabilities().forEach((task, probs) -> {
            double sum = 0;
            for (double x : probs) {
                sum += x;
            }
            assertThat(sum).as(task).isCloseTo(1, within(1e-5));
        });

        // training.csv: a row per epoch
        List<String> csv = Files.readAllLines(out.resolve(TrainingTool.HISTORY));
        assertThat(csv).hasSize(3);
        assertThat(csv.get(0)).isEqualTo("epoch,learning-rate,train-loss,validation-loss,loss-covid-ct,"
                + "loss-covid-nat,loss-severity,weight-covid-ct,weight-covid-nat,weight-severity");
        for (int e = 1; e <= 2; e++) {
            String[] row = csv.get(e).split(",", -1);
            assertThat(row).hasSize(10);
            assertThat(row[0]).isEqualTo(Integer.toString(e));
            for (int c = 1; c < 10; c++) {
                if (c == 3) {
                    // the validation loss is there; after 2 iterations it may be Infinity: in evaluation mode the
                    // batch norms use running statistics that 2 updates (momentum 0.01) have barely moved
                    assertThat(Double.parseDouble(row[c])).as(csv.get(e)).isNotNaN().isPositive();
                } else {
                    assertThat(Double.parseDouble(row[c])).as(csv.get(e)).isFinite();
                }
            }
        }
        assertThat(out.resolve("checkpoints/epoch-0002")).isDirectory();
        assertThat(out.resolve(TrainingTool.EXPERIMENT)).hasSameTextualContentAs(experiment);
    }

    @Test
    @Order(2)
    void aCorruptStudyIsReportedAndSkippedAndTheRunGoesOn() throws Exception {
        Path broken = experiment.resolveSibling("broken.nii.gz");
        assertThat(firstLog).contains("skipped broken (train): " + broken);
        List<String> prep = Files.readAllLines(out.resolve(TrainingTool.PREPARATION));
        assertThat(prep.get(0)).isEqualTo("id,role,volume,status,seconds,lung-voxels,problem");
        assertThat(prep).hasSize(5);
        assertThat(prep.get(1)).startsWith("phantom,train,").contains(",prepared,");
        assertThat(prep.get(2)).startsWith("broken,train," + broken + ",skipped,").contains(broken.toString());
        assertThat(prep.get(3)).startsWith("chest,train,").contains(",prepared,");
        assertThat(prep.get(4)).startsWith("phantom-crop,validation,").contains(",prepared,");
        assertThat(StudyPreparation.preparedVolume(out, "broken")).doesNotExist();
    }

    @Test
    @Order(3)
    void aSecondRunIntoTheSameFolderIsRefusedAndResumeAfterACompletedRunRestoresItsLastEpoch() throws Exception {
        TrainingTool tool = new TrainingTool(new TestStages());
        assertThatThrownBy(() -> tool.train(experiment, out, false, 2, Progress.none(), System.out))
                .isInstanceOf(StageException.class)
                .hasMessage(out.resolve("checkpoints") + ": holds the checkpoints of an earlier run: mtl:train "
                        + "--resume continues it, or give another --out");

        // covid-mtl's resume: it loads the highest checkpoint (epoch 2 of 2), trains no further epoch and gives the
        // trained model with the checkpoint's history; the prepared volumes are reused (nothing is segmented again)
        long t = System.nanoTime();
        TrainingTool.Run again = tool.train(experiment, out, true, 2, Progress.none(), System.out);
        System.out.printf("resume after a completed run: %.1f s%n", (System.nanoTime() - t) / 1e9);
        assertThat(again.studies()).extracting(StudyPreparation.Outcome::status)
                .containsExactly("reused", "skipped", "reused", "reused");
        assertThat(again.history().epochs()).hasSize(2);
        for (int e = 0; e < 2; e++) {
            assertThat(again.history().epochs().get(e).trainLoss())
                    .isEqualTo(first.history().epochs().get(e).trainLoss());
            assertThat(again.history().epochs().get(e).validationLoss())
                    .isEqualTo(first.history().epochs().get(e).validationLoss());
        }
        assertThat(Files.readString(out.resolve("model/model.json"))).contains("resumed-from-epoch")
                .contains("\"2\"");
        assertThat(Files.readAllLines(out.resolve(TrainingTool.HISTORY))).hasSize(3);
    }

    @Test
    @Order(4)
    void preparedVolumesTrainAsIs() throws Exception {
        Path data = Files.createDirectories(dir.resolve("as-is"));
        Files.writeString(data.resolve("studies.csv"), String.join("\n",
                "id,volume,covid-ct,covid-nat,severity,radio_0,radio_1,radio_2,radio_3",
                "a," + StudyPreparation.preparedVolume(out, "phantom") + ",1,1,2,0.5,1.2,-0.3,2.0",
                "b," + StudyPreparation.preparedVolume(out, "chest") + ",0,0,-1,-0.4,0.1,0.8,1.0", ""));
        Path f = data.resolve("as-is.json");
        Files.writeString(f, """
                { "model": "covid-mtl", "loss": "default",
                  "parameters": { "depth": 32, "size": 32, "radio-features": 4, "crop-margin": 16,
                                  "epochs": 1, "batch-size": 2 },
                  "studies": "studies.csv", "prepare": "as-is" }
                """);
        TrainingTool.Run r = new TrainingTool(new TestStages()).train(f, null, false, 2, Progress.none(), System.out);
        assertThat(r.out()).isEqualTo(data.resolve("as-is-training"));
        assertThat(r.studies()).extracting(StudyPreparation.Outcome::status).containsExactly("as-is", "as-is");
        assertThat(r.loss()).isEqualTo("random-weighted");
        assertThat(r.history().epochs()).hasSize(1);
        assertThat(r.artifact().resolve("model.json")).isRegularFile();
        assertThat(r.out().resolve(StudyPreparation.FOLDER)).doesNotExist();
    }

    @Test
    @Order(5)
    void transferLearningTrainsNewSeverityHeadsOnAFrozenTrunk() throws Exception {
        Path data = Files.createDirectories(dir.resolve("transfer"));
        // another "cohort" with severity labels only (the other tasks unknown)
        Files.writeString(data.resolve("studies.csv"), String.join("\n",
                "id,volume,covid-ct,covid-nat,severity,radio_0,radio_1,radio_2,radio_3",
                "a," + StudyPreparation.preparedVolume(out, "phantom") + ",,,2,0.5,1.2,-0.3,2.0",
                "b," + StudyPreparation.preparedVolume(out, "chest") + ",,,0,-0.4,0.1,0.8,1.0", ""));
        Path f = data.resolve("transfer.json");
        Files.writeString(f, """
                { "model": "covid-mtl", "seed": 5,
                  "parameters": { "epochs": 1, "batch-size": 2, "crop-margin": 16 },
                  "studies": "studies.csv", "prepare": "as-is",
                  "transfer": { "from": "../smoke-out/model", "heads": ["severity"], "freeze": true } }
                """);
        TrainingTool.Run r = new TrainingTool(new TestStages()).train(f, null, false, 2, Progress.none(), System.out);
        String manifest = Files.readString(r.artifact().resolve("model.json"));
        assertThat(manifest).contains("transfer learning from covid-mtl model (trained on 2 studies")
                .contains("new heads severity, everything else frozen");
        // frozen: the trunk's first convolution is the source's, tensor file for tensor file
        String w = "weights/features.convbn.0.weight.npy";
        assertThat(Files.readAllBytes(r.artifact().resolve(w))).isEqualTo(Files.readAllBytes(first.artifact()
                .resolve(w)));
        String head = "weights/classifier3.1.weight.npy";
        assertThat(Files.readAllBytes(r.artifact().resolve(head))).isNotEqualTo(Files.readAllBytes(first.artifact()
                .resolve(head)));

        Files.writeString(f, Files.readString(f).replace("\"severity\"]", "\"stage\"]"));
        assertThatThrownBy(() -> TrainingExperiment.read(f)).hasMessage(f + " transfer.heads: \"stage\" is not a task"
                + " (covid-ct, covid-nat, severity)");
        Files.writeString(f, Files.readString(f).replace("\"stage\"]", "\"severity\"]").replace("../smoke-out/model",
                "nowhere"));
        assertThatThrownBy(() -> new TrainingTool(new TestStages()).train(f, data.resolve("o2"), false, 2,
                Progress.none(), System.out)).isInstanceOf(StageException.class)
                .hasMessageContaining(data.resolve("nowhere").toString()).hasMessageNotContaining("\n");
    }

    @Test
    void aModelThatDoesNotTrainOnStudiesIsRefusedNamingIt() throws Exception {
        Path f = dir.resolve("forest.json");
        Files.writeString(f, """
                { "model": "random-forest", "studies": "data/studies.csv" }
                """);
        Path o = dir.resolve("forest-out");
        assertThatThrownBy(() -> new TrainingTool(new TestStages()).train(f, o, false, 2, Progress.none(),
                System.out)).isInstanceOf(StageException.class)
                .hasMessageStartingWith("model random-forest: does not train on CT volumes")
                .hasMessageContaining("StudyTraining")
                .hasMessageNotContaining("\n");
        assertThat(o).doesNotExist();
    }

    @Test
    void noStudyLeftIsOneLineNamingTheFile() throws Exception {
        Path data = Files.createDirectories(dir.resolve("bad"));
        Files.write(data.resolve("junk.nii.gz"), new byte[] {1, 2, 3});
        Files.writeString(data.resolve("studies.csv"), "id,volume,covid-ct,covid-nat,severity\n"
                + "junk,junk.nii.gz,1,0,0\nmissing,nowhere.nii.gz,0,0,0\n");
        Path f = data.resolve("bad.json");
        Files.writeString(f, """
                { "model": "covid-mtl", "parameters": { "depth": 32, "size": 32, "radio-features": 4 },
                  "studies": "studies.csv" }
                """);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertThatThrownBy(() -> new TrainingTool(new TestStages()).train(f, null, false, 2, Progress.none(),
                new PrintStream(log, true, StandardCharsets.UTF_8))).isInstanceOf(StageException.class)
                .hasMessageStartingWith(f + ": no training study is left: every one failed to read or segment "
                        + "(first: " + data.resolve("junk.nii.gz"))
                .hasMessageNotContaining("\n");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("skipped junk (train): ")
                .contains("skipped missing (train): " + data.resolve("nowhere.nii.gz") + ": no such file or folder");
    }

    @Test
    void badExperimentFilesAreOneLineNamingTheFileAndKey() throws Exception {
        Path data = Files.createDirectories(dir.resolve("files"));
        Files.writeString(data.resolve("studies.csv"), "id,volume,covid-ct,covid-nat,severity\nx,x.nii.gz,0,0,3\n");
        Path f = data.resolve("e.json");
        Files.writeString(f, "{ \"model\": \"covid-mtl\", \"studies\": \"studies.csv\" }");
        assertThatThrownBy(() -> TrainingExperiment.read(f)).hasMessage(data.resolve("studies.csv")
                + " line 2 severity: label 3 outside 0..2 (-1 or empty = unknown)");
        Files.writeString(f, "{ \"model\": \"covid-mtl\", \"studies\": \"studies.csv\", \"epochs\": 3 }");
        assertThatThrownBy(() -> TrainingExperiment.read(f)).hasMessageStartingWith(f + ": unknown key epochs");
        Files.writeString(f, "{ \"model\": \"covid-mtl\", \"studies\": \"studies.csv\", "
                + "\"parameters\": { \"checkpoints\": \"c\" } }");
        assertThatThrownBy(() -> TrainingExperiment.read(f)).hasMessageStartingWith(f
                + " parameters.checkpoints: is set by mtl:train itself");
    }
}
