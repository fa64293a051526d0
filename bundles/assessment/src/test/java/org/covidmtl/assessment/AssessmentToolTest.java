package org.covidmtl.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.covidmtl.api.cohort.Cohort;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;
import org.covidmtl.cohort.CohortLoader;
import org.covidmtl.cohort.CohortSources;
import org.covidmtl.cohort.Scaling;
import org.covidmtl.models.features.RandomForestFactory;
import org.covidmtl.volume.io.NiftiReader;
import org.covidmtl.volume.io.NiftiWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Assessments end to end on real data with the platform's real providers: the IBSI CT phantom (a real chest CT, 60
 * DICOM slices) with a 50-tree random forest trained as the default model on the paper's 930 training studies; an
 * abdomen without lungs; a batch of both; a model that reads other features; no training data.
 */
class AssessmentToolTest {
    private static final String PHANTOM = "ibsi/ibsi_1_ct_radiomics_phantom/dicom/image";

    @TempDir
    static Path home;
    private static AssessmentTool tool;
    private static LoadedModel model;

    @BeforeAll
    static void defaultModel() {
        tool = new AssessmentTool(new TestStages(), TestStages.config(home));
        model = tool.model(null, Progress.none());
    }

    @Test
    void defaultModelIsTrainedOnceOnThePaperSplitThenCached() {
        assertThat(model.isDefault()).isTrue();
        assertThat(model.note()).startsWith("trained the default model (random-forest, seed 11, the paper's 930 "
                + "training studies)").contains(home.resolve("models/default-random-forest").toString());
        assertThat(model.manifest().trainingData()).contains("930 studies, 375 features");
        assertThat(model.manifest().seed()).isEqualTo(11);
        assertThat(model.manifest().parameters()).containsEntry("trees", "50");
        LoadedModel again = tool.model(null, Progress.none());
        assertThat(again.note()).isNull();
        assertThat(again.manifest().trainingData()).isEqualTo(model.manifest().trainingData());

        // reproducible: trained again elsewhere (other thread count), the same files
        AssessmentConfig c = TestStages.config(home.resolve("second-home"));
        AssessmentConfig oneThread = new AssessmentConfig(c.radiomicsParams(), c.defaultModel(), c.shared(),
                Map.of("trees", "50", "threads", "1"), "test");
        LoadedModel second = new AssessmentTool(new TestStages(), oneThread).model(null, Progress.none());
        assertThat(second.note()).isNotNull();
        assertThat(second.manifest().files()).isEqualTo(model.manifest().files());
    }

    /**
     * A default model cached by an earlier random-forest version (no out-of-bag predictions: it cannot be calibrated)
     * is trained again once, and the note says why; a current-version model without them (grown without bootstrap)
     * is used as it is, not trained again at every call.
     */
    @Test
    void aCachedDefaultModelOfAnEarlierVersionIsTrainedAgainOnce() throws Exception {
        AssessmentConfig c = TestStages.config(home.resolve("old-home"));
        AssessmentTool t = new AssessmentTool(new TestStages(), c);
        LoadedModel first = t.model(null, Progress.none());
        // make the cache look like random-forest 1.0.0's: no held-out files, version 1.0.0
        Path cache = c.defaultModel();
        com.fasterxml.jackson.databind.ObjectMapper om = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode) om
                .readTree(cache.resolve("model.json").toFile());
        json.put("version", "1.0.0");
        com.fasterxml.jackson.databind.node.ObjectNode files = (com.fasterxml.jackson.databind.node.ObjectNode) json
                .get("files");
        List<String> heldOut = new ArrayList<>();
        files.fieldNames().forEachRemaining(f -> {
            if (f.startsWith("held-out-")) {
                heldOut.add(f);
            }
        });
        assertThat(heldOut).hasSize(3);
        for (String f : heldOut) {
            files.remove(f);
            Files.delete(cache.resolve(f));
        }
        om.writerWithDefaultPrettyPrinter().writeValue(cache.resolve("model.json").toFile(), json);
        LoadedModel again = t.model(null, Progress.none());
        assertThat(again.note()).contains("the cached one was not used: it has no held-out predictions to calibrate "
                + "with (made by random-forest 1.0.0, now 1.1.0)");
        assertThat(t.model(null, Progress.none()).note()).isNull();
        assertThat(again.manifest().files()).isEqualTo(first.manifest().files());

        AssessmentConfig noBootstrap = new AssessmentConfig(c.radiomicsParams(), home.resolve("nb-home/models/rf"),
                c.shared(), Map.of("trees", "20", "bootstrap", "false"), "test");
        AssessmentTool nb = new AssessmentTool(new TestStages(), noBootstrap);
        assertThat(nb.model(null, Progress.none()).note()).startsWith("trained the default model");
        assertThat(nb.model(null, Progress.none()).note()).isNull();
    }

    @Test
    void phantomFromDicomToAnswer() throws Exception {
        Path out = home.resolve("phantom-out");
        Assessment a = tool.assess(TestStages.data(PHANTOM), out, null, model, 2, Progress.none());
        System.out.println(a.summary());
        assertThat(a.study()).isEqualTo("image");

        JsonNode json = new ObjectMapper().readTree(out.resolve(AssessmentTool.JSON).toFile());
        JsonNode preds = json.get("predictions");
        assertThat(preds).hasSize(3);
        List<String> tasks = new ArrayList<>();
        for (JsonNode p : preds) {
            tasks.add(p.get("task").asText());
            double sum = 0;
            for (JsonNode v : p.get("probabilities")) {
                sum += v.asDouble();
            }
            assertThat(sum).isCloseTo(1, within(1e-9));
            assertThat(p.get("confidence").asDouble()).isEqualTo(p.get("probabilities").get(p.get("predictedClass")
                    .asInt()).asDouble());
        }
        assertThat(tasks).containsExactly("covid-ct", "covid-nat", "severity");
        assertThat(json.get("model").get("trainingData").asText()).contains("930 studies");
        assertThat(json.get("input").get("reader").asText()).isEqualTo("dicom");
        List<String> stages = new ArrayList<>();
        json.get("stages").forEach(s -> stages.add(s.get("stage").asText()));
        // a random forest has no class activation maps
        assertThat(stages).containsExactlyElementsOf(Assessment.STAGES.stream().filter(x -> !x.equals("cam")).toList());
        assertThat(json.has("classActivationMaps")).isFalse();
        // calibrated on the forest's out-of-bag predictions of its 930 training studies
        assertThat(json.get("calibration").get("heldOut").asText()).startsWith("out-of-bag: each of 930 training "
                + "studies");
        for (JsonNode p : preds) {
            JsonNode c = p.get("calibrated");
            assertThat(c.get("confidence").asDouble()).isBetween(0.0, 1.0);
            assertThat(c.get("heldOutStudies").asInt()).isEqualTo(930);
            List<String> classes = new ArrayList<>();
            p.get("classes").forEach(x -> classes.add(x.asText()));
            List<String> set = new ArrayList<>();
            c.get("predictionSet90").forEach(x -> set.add(x.asText()));
            assertThat(classes).containsAll(set);
        }
        assertThat(a.predictions()).allSatisfy(tp -> assertThat(tp.calibrated()).isNotNull());
        assertThat(json.get("timings").get("total").asDouble()).isPositive();
        assertThat(json.get("disclaimer").asText()).contains("not a diagnosis");

        // features.csv: PID, then the 375 columns of the paper's radiomics.csv, in its order
        List<String> csv = Files.readAllLines(out.resolve(AssessmentTool.FEATURES));
        String paperHeader = Files.readAllLines(TestStages.data("covid-mtl/radiomics.csv")).get(0);
        assertThat(csv).hasSize(2);
        assertThat(csv.get(0)).isEqualTo(paperHeader);
        assertThat(csv.get(0).split(",")).hasSize(376);
        assertThat(csv.get(1).split(",")).hasSize(376);
        assertThat(Arrays.stream(csv.get(1).split(",")).skip(1).mapToDouble(Double::parseDouble)
                .allMatch(Double::isFinite)).isTrue();

        BufferedImage png = ImageIO.read(out.resolve(AssessmentTool.OVERLAY).toFile());
        assertThat(png).isNotNull();
        assertThat(png.getWidth()).isGreaterThan(300);
        Volume mask = new NiftiReader().read(out.resolve(AssessmentTool.MASK), Map.of(), Progress.none()).volume();
        assertThat(mask.minMaxMean()[1]).isGreaterThanOrEqualTo(1);

        String html = Files.readString(out.resolve(AssessmentTool.REPORT));
        assertThat(html).contains("covid-ct", "covid-nat", "severity", "not a diagnosis", AssessmentTool.OVERLAY);
        assertThat(leftovers(home)).isEmpty();
    }

    /**
     * A volume model: the reference's PyTorch weights (parity fixture, 64×80×80) imported as a covid-mtl artifact
     * that reads the paper's 375 feature names; the assessment adds a class activation map per task (one forward
     * pass), draws them and lists them in assessment.json and report.html. The model has no held-out predictions:
     * its confidence says it is not calibrated.
     */
    /** The parity fixture's weights as a covid-mtl artifact reading the paper's 375 feature names (made once). */
    private static synchronized Path volumeArtifact() throws IOException {
        Path artifact = home.resolve("covid-mtl-fixture");
        if (!Files.isDirectory(artifact)) {
            Path names = home.resolve("paper-features.txt");
            String header = Files.readAllLines(TestStages.data("covid-mtl/radiomics.csv")).get(0);
            Files.writeString(names, String.join("\n", Arrays.asList(header.split(",")).subList(1, 376)) + "\n");
            new org.covidmtl.models.volume.CovidMtlFactory().importWeights(TestStages.data(
                    "parity/covid_mtl_volume_radio/weights"), new org.covidmtl.api.model.ModelSettings(
                            TrainingExperiment.TASKS, Map.of("depth", "64", "size", "80", "feature-names",
                                    names.toString()), 7)).save(artifact);
        }
        return artifact;
    }

    @Test
    void volumeModelWritesClassActivationMaps() throws Exception {
        LoadedModel volumeModel = tool.model(volumeArtifact(), Progress.none());
        Path out = home.resolve("cam-out");
        Assessment a = tool.assess(TestStages.data(PHANTOM), out, null, volumeModel, 2, Progress.none());
        System.out.println(a.summary());
        assertThat(a.stages()).extracting(Assessment.StageRun::stage).containsExactlyElementsOf(Assessment.STAGES);
        assertThat(a.cams()).hasSize(3);
        JsonNode json = new ObjectMapper().readTree(out.resolve(AssessmentTool.JSON).toFile());
        JsonNode cams = json.get("classActivationMaps");
        assertThat(cams).hasSize(3);
        int shown = 0;
        for (int k = 0; k < 3; k++) {
            JsonNode c = cams.get(k);
            JsonNode p = json.get("predictions").get(k);
            assertThat(c.get("task").asText()).isEqualTo(p.get("task").asText());
            assertThat(c.get("class").asInt()).isEqualTo(p.get("predictedClass").asInt());
            // the 64×80×80 input's last maps: 3×3×2 cells
            assertThat(c.get("cells").toString()).isEqualTo("[3,3,2]");
            BufferedImage png = ImageIO.read(out.resolve(c.get("file").asText()).toFile());
            assertThat(png.getWidth()).isGreaterThan(600);
            // the map is blended in somewhere: some pixels are not grey
            boolean coloured = false;
            for (int y = 0; y < png.getHeight() && !coloured; y += 2) {
                for (int x = 0; x < png.getWidth() && !coloured; x += 2) {
                    int rgb = png.getRGB(x, y);
                    int r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
                    coloured = Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 40;
                }
            }
            // coloured where the map is positive; a class with no positive evidence in the volume shows none
            assertThat(coloured).as(c.get("file").asText() + " shows the map").isEqualTo(c.get("maxActivation")
                    .asDouble() > 0);
            shown += coloured ? 1 : 0;
        }
        assertThat(shown).as("maps with evidence").isPositive();
        assertThat(json.has("calibration")).isFalse();
        assertThat(json.get("confidenceNote").asText()).contains("not calibrated");
        assertThat(Files.readString(out.resolve(AssessmentTool.REPORT))).contains("Class activation maps",
                "cam-severity.png");
    }

    /**
     * {@code mtl:cam}'s core: the fixture's two prepared tensors (.npy) with their features, one task; then a CT
     * through the assessment's stages, every task; a model without maps and a wrong task are refused.
     */
    @Test
    void camToolWritesMapsOfPreparedTensorsAndOfACt() throws Exception {
        Path artifact = volumeArtifact();
        CamTool cam = new CamTool(tool);
        Path parity = TestStages.data("parity/covid_mtl_volume_radio");
        Path out = home.resolve("cams/fixture.png");
        Files.createDirectories(out.getParent());
        List<CamTool.Written> w = cam.write(artifact, parity.resolve("input_volume.npy"), parity.resolve(
                "input_radio.npy"), "severity", -1, null, out, 2, Progress.none());
        assertThat(w).extracting(x -> x.file().getFileName().toString()).containsExactly("fixture-0.png",
                "fixture-1.png");
        assertThat(w).extracting(CamTool.Written::study).containsExactly("input_volume.npy[0]", "input_volume.npy[1]");
        for (CamTool.Written x : w) {
            assertThat(ImageIO.read(x.file().toFile()).getWidth()).isGreaterThan(600);
        }
        List<CamTool.Written> ct = cam.write(artifact, TestStages.data(PHANTOM), null, null, -1, null,
                home.resolve("cams/phantom.png"), 2, Progress.none());
        assertThat(ct).extracting(x -> x.file().getFileName().toString()).containsExactly("phantom-covid-ct.png",
                "phantom-covid-nat.png", "phantom-severity.png");
        ct.forEach(x -> System.out.println(x.line()));

        assertThatThrownBy(() -> cam.write(artifact, parity.resolve("input_volume.npy"), parity.resolve(
                "input_radio.npy"), "stage", -1, null, out, 2, Progress.none())).hasMessage(
                        "--task stage: model covid-mtl 1.0.0 has the tasks covid-ct, covid-nat, severity");
        assertThatThrownBy(() -> cam.write(model.artifact(), TestStages.data(PHANTOM), null, null, -1, null, out, 2,
                Progress.none())).hasMessageContaining("has no class activation maps");
    }

    /**
     * A folder holding only a localizer (scout) series — three of the phantom's slices re-labelled
     * {@code ORIGINAL\\PRIMARY\\LOCALIZER} — is refused on one line naming the study and why, and nothing is written.
     */
    @Test
    void localizerOnlySeriesIsRefusedOnOneLine() throws Exception {
        Path src = TestStages.data(PHANTOM);
        Path dir = Files.createDirectories(home.resolve("scout/series"));
        List<Path> files;
        try (java.util.stream.Stream<Path> st = Files.list(src)) {
            files = st.sorted().limit(3).toList();
        }
        for (Path f : files) {
            com.pixelmed.dicom.AttributeList l = new com.pixelmed.dicom.AttributeList();
            l.read(f.toFile());
            com.pixelmed.dicom.Attribute type = new com.pixelmed.dicom.CodeStringAttribute(
                    com.pixelmed.dicom.TagFromName.ImageType);
            type.addValue("ORIGINAL");
            type.addValue("PRIMARY");
            type.addValue("LOCALIZER");
            l.put(type);
            l.removeGroupLengthAttributes();
            l.write(dir.resolve(f.getFileName()).toFile(), com.pixelmed.dicom.TransferSyntax.ImplicitVRLittleEndian,
                    true, true);
        }
        Path out = home.resolve("scout/out");
        assertThatThrownBy(() -> tool.assess(dir, out, null, model, 2, Progress.none()))
                .isInstanceOf(StageException.class)
                .hasMessageStartingWith(dir.toString())
                .hasMessageContaining("no usable CT series among 1 series")
                .hasMessageContaining("localizer/scout")
                .hasMessageNotContaining("\n");
        assertThat(out).doesNotExist();
    }

    /**
     * A model that answers NaN for one task (as covid-mtl did on raw radiomic features before it scaled them) is
     * refused on one line naming the study, the model and the task, and nothing is written: an answer that is not a
     * probability distribution never reaches assessment.json.
     */
    @Test
    void nonFiniteProbabilitiesAreRefusedAndNothingIsWritten() throws Exception {
        org.covidmtl.api.model.Model real = model.model();
        org.covidmtl.api.model.Model nan = new org.covidmtl.api.model.Model() {
            @Override
            public org.covidmtl.api.model.TrainingHistory fit(org.covidmtl.api.cohort.Cohort train,
                    org.covidmtl.api.cohort.Cohort validation, Progress progress) {
                throw new UnsupportedOperationException();
            }

            @Override
            public org.covidmtl.api.model.Predictions predict(org.covidmtl.api.cohort.Cohort data, Progress progress) {
                throw new UnsupportedOperationException();
            }

            @Override
            public org.covidmtl.api.model.Prediction predict(org.covidmtl.api.model.Study study) {
                org.covidmtl.api.model.Prediction p = real.predict(study);
                Map<String, double[]> byTask = new java.util.LinkedHashMap<>(p.probabilities());
                byTask.put("covid-nat", new double[] {Double.NaN, Double.NaN});
                return new org.covidmtl.api.model.Prediction(p.study(), p.model(), byTask, p.warnings());
            }

            @Override
            public org.covidmtl.api.model.ModelSchema schema() {
                return real.schema();
            }

            @Override
            public void save(Path artifact) {
                throw new UnsupportedOperationException();
            }
        };
        LoadedModel broken = new LoadedModel(nan, model.factory(), model.artifact(), model.manifest(), false, null);
        Path out = home.resolve("nan-out");
        assertThatThrownBy(() -> tool.assess(TestStages.data(PHANTOM), out, null, broken, 2, Progress.none()))
                .isInstanceOf(StageException.class)
                .hasMessage(TestStages.data(PHANTOM) + ": model random-forest 1.1.0 gave no valid probabilities for "
                        + "covid-nat [NaN, NaN] (non-finite or not summing to 1)");
        assertThat(out).doesNotExist();
    }

    /** The paper's own volume format: the IBSI phantom as a .dtm (HU+1024, read as HU on a 1 mm grid). */
    @Test
    void paperDtmInput() throws Exception {
        Path out = home.resolve("dtm-out");
        Assessment a = tool.assess(TestStages.data("covid-mtl/ibsi-ct-phantom.dtm"), out, null, model, 2,
                Progress.none());
        System.out.println(a.summary());
        assertThat(a.study()).isEqualTo("ibsi-ct-phantom");
        assertThat(a.stages().get(0).provider()).isEqualTo("covid-mtl-dtm");
        assertThat(a.stages().get(1).description()).startsWith("skipped");
        assertThat(a.predictions()).hasSize(3);
        assertThat(out.resolve(AssessmentTool.JSON)).exists();
    }

    @Test
    void abdomenWithoutLungsFailsOnOneLineAndWritesNothing() throws Exception {
        Path abdomen = abdomen(home.resolve("bad"));
        Path out = home.resolve("abdomen-out");
        assertThatThrownBy(() -> tool.assess(abdomen, out, null, model, 2, Progress.none()))
                .isInstanceOf(StageException.class)
                .hasMessageStartingWith(abdomen + ": no lungs found")
                .hasMessageNotContaining("\n");
        assertThat(out).doesNotExist();

        // an earlier assessment in the folder is kept
        Files.createDirectories(out);
        Files.writeString(out.resolve("assessment.json"), "{\"earlier\": true}");
        assertThatThrownBy(() -> tool.assess(abdomen, out, null, model, 2, Progress.none()))
                .isInstanceOf(StageException.class);
        assertThat(Files.readString(out.resolve("assessment.json"))).isEqualTo("{\"earlier\": true}");
        assertThat(leftovers(home)).isEmpty();
    }

    @Test
    void batchGoesOnAfterAFailedStudy() throws Exception {
        Path in = home.resolve("studies");
        Files.createDirectories(in);
        Files.createSymbolicLink(in.resolve("phantom"), TestStages.data(PHANTOM));
        abdomen(in);
        Path out = home.resolve("batch-out");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AssessmentBatch.Result r = new AssessmentBatch(tool).run(in, out, null, model, 2, Progress.none(),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(r.rows()).extracting(AssessmentBatch.Row::study).containsExactly("abdomen", "phantom");
        assertThat(r.failed()).hasSize(1);
        assertThat(r.failed().get(0).problem()).contains("abdomen.nii.gz: no lungs found");
        List<String> table = Files.readAllLines(out.resolve(AssessmentBatch.TABLE));
        assertThat(table).hasSize(3);
        assertThat(table.get(0)).startsWith("study,status,seconds,covid-ct,covid-ct_probability,covid-nat,");
        assertThat(table.get(1)).startsWith("abdomen,failed,").contains("no lungs found");
        assertThat(table.get(2)).startsWith("phantom,ok,");
        assertThat(out.resolve("phantom").resolve(AssessmentTool.JSON)).exists();
        assertThat(out.resolve("abdomen")).doesNotExist();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("failed abdomen: ", "ok     phantom:");
    }

    @Test
    void modelThatReadsOtherFeaturesIsRefusedNamingThem() {
        Cohort train = CohortLoader.loadSplit(CohortSources.paper(TestStages.data("covid-mtl")), Scaling.NONE,
                Progress.none()).train();
        List<String> names = new ArrayList<>(train.featureNames());
        for (int i = 0; i < 3; i++) {
            names.set(i, "HOG_" + i);
        }
        Cohort renamed = new Cohort(train.name(), train.tasks(), names, train.cases());
        Model m = new RandomForestFactory().create(new ModelSettings(train.tasks(), Map.of("trees", "2", "threads",
                "2"), 1));
        m.fit(renamed, null, Progress.none());
        Path artifact = home.resolve("hog-forest");
        m.save(artifact);
        LoadedModel other = tool.model(artifact, Progress.none());
        Path phantom = TestStages.data(PHANTOM);
        assertThatThrownBy(() -> tool.assess(phantom, home.resolve("hog-out"), null, other, 2, Progress.none()))
                .isInstanceOf(StageException.class)
                .hasMessageStartingWith(phantom + ": model " + artifact)
                .hasMessageContaining("missing HOG_0, HOG_1, HOG_2").hasMessageNotContaining("\n");
        assertThat(home.resolve("hog-out")).doesNotExist();
    }

    @Test
    void withoutTrainingDataTheErrorSaysWhatToPass() {
        AssessmentConfig c = new AssessmentConfig(TestStages.radiomicsParams(), home.resolve("none/default"),
                home.resolve("no-shared"), Map.of(), "test");
        assertThatThrownBy(() -> new AssessmentTool(new TestStages(), c).model(null, Progress.none()))
                .isInstanceOf(StageException.class)
                .hasMessageStartingWith("default model: not trained yet")
                .hasMessageContaining("--model <artifact>").hasMessageContaining("COVIDMTL_SHARED")
                .hasMessageNotContaining("\n");
    }

    @Test
    void unreadableInputNamesIt() throws Exception {
        Path junk = home.resolve("junk.bin");
        Files.writeString(junk, "not a volume");
        assertThatThrownBy(() -> tool.assess(junk, home.resolve("junk-out"), null, model, 2, Progress.none()))
                .isInstanceOf(StageException.class)
                .hasMessageStartingWith(junk + ": no registered volume reader recognises this input")
                .hasMessageNotContaining("\n");
    }

    /** The slices of TotalSegmentator's example below its lung bases (which start at slice 18): abdomen only. */
    private static Path abdomen(Path dir) throws Exception {
        Volume ct = new NiftiReader().read(TestStages.data("totalsegmentator/example_ct_sm.nii.gz"), Map.of(),
                Progress.none()).volume();
        VolumeGeometry g = ct.geometry();
        VolumeGeometry crop = new VolumeGeometry(new int[] {g.sizeX(), g.sizeY(), 15}, g.spacing(), g.origin(),
                g.direction());
        Files.createDirectories(dir);
        Path f = dir.resolve("abdomen.nii.gz");
        new NiftiWriter().write(new Volume(crop, Arrays.copyOf(ct.voxels(), (int) crop.voxelCount())), f,
                Progress.none());
        return f;
    }

    /** Hidden partial or old folders left anywhere below {@code dir}. */
    private static List<Path> leftovers(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")
                    || p.getFileName().toString().endsWith(".old")).toList();
        }
    }
}
