package org.covidmtl.models.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelArtifactException;
import org.covidmtl.api.model.ModelSchema;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Prediction;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.model.StudyVolume;
import org.covidmtl.api.model.VolumeSchema;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;
import org.covidmtl.models.artifact.ArtifactManifest;
import org.covidmtl.models.artifact.Artifacts;
import org.covidmtl.models.artifact.Npy;
import org.covidmtl.models.artifact.PreparedStudies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code covid-mtl} end to end on the parity fixture: PyTorch weights imported, saved as an artifact, loaded
 * again and asked for predictions of the fixture's inputs through {@link PreparedStudies}; refusals name the file,
 * tensor, study or parameter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CovidMtlFactoryTest {

    private static final String[] LOGITS = {"task0_ct_logits", "task1_nat_logits", "task2_severity_logits"};
    private static final Path WEIGHTS = Fixtures.MODEL.resolve("weights");
    private static final Path VOLUME = Fixtures.MODEL.resolve("input_volume.npy");
    private static final Path RADIO = Fixtures.MODEL.resolve("input_radio.npy");

    @TempDir
    static Path tmp;

    private final CovidMtlFactory factory = new CovidMtlFactory();
    private CovidMtlModel imported;
    private CovidMtlModel loaded;
    private Path artifact;

    private static ModelSettings fixtureSettings() {
        return new ModelSettings(PAPER_TASKS, Map.of("depth", "64", "size", "80"), 7);
    }

    @BeforeAll
    void importSaveLoad() {
        artifact = tmp.resolve("covid-mtl-fixture");
        imported = (CovidMtlModel) factory.importWeights(WEIGHTS, fixtureSettings());
        imported.save(artifact);
        loaded = (CovidMtlModel) factory.load(artifact);
    }

    @Test
    void loadedModelPredictsTheFixtureLogits() {
        List<Prediction> ps = predict(loaded, VOLUME, RADIO);
        assertEquals(2, ps.size());
        for (int k = 0; k < 3; k++) {
            float[] logits = Npy.read(Fixtures.MODEL.resolve("eval/" + LOGITS[k] + ".npy")).data();
            Task task = PAPER_TASKS.get(k);
            int c = task.classes();
            for (int n = 0; n < 2; n++) {
                double[] z = new double[c];
                for (int j = 0; j < c; j++) {
                    z[j] = logits[n * c + j];
                }
                double[] expected = CovidMtlModel.softmax(z);
                double[] actual = ps.get(n).probabilities(task.name());
                assertEquals(c, actual.length);
                for (int j = 0; j < c; j++) {
                    double tol = 1e-5 + 1e-4 * Math.abs(expected[j]);
                    assertTrue(Math.abs(actual[j] - expected[j]) <= tol, task.name() + " row " + n + " class " + j
                            + ": " + actual[j] + " vs softmax(fixture) " + expected[j]);
                }
                System.out.printf("PREDICT row %d %-9s %s vs %s%n", n, task.name(), Arrays.toString(actual),
                        Arrays.toString(expected));
            }
        }
        assertEquals("input_volume.npy[0]", ps.get(0).study());
        assertEquals("covid-mtl 1.0.0", ps.get(0).model());
        assertEquals(List.of("covid-ct", "covid-nat", "severity"), List.copyOf(ps.get(0).probabilities().keySet()));
    }

    @Test
    void loadedParametersEqualTheImportedOnesExactly() {
        float[] a = imported.graph().params().castTo(DataType.FLOAT).dup().toFloatVector();
        float[] b = loaded.graph().params().castTo(DataType.FLOAT).dup().toFloatVector();
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                throw new AssertionError("parameter " + i + ": " + a[i] + " imported, " + b[i] + " loaded");
            }
        }
    }

    @Test
    void schemaAndManifestRecordTheImport() throws IOException {
        ModelSchema s = loaded.schema();
        assertEquals(imported.schema(), s);
        assertEquals(VolumeSchema.paper(64, 80, 80), s.volume());
        assertEquals(375, s.features().size());
        assertEquals("radio_0", s.features().get(0));
        assertEquals("radio_374", s.features().get(374));
        ArtifactManifest m = Artifacts.read(artifact);
        String sha = TorchWeightImporter.sha256(WEIGHTS);
        assertEquals("imported PyTorch weights from " + WEIGHTS.toAbsolutePath().normalize()
                + " (sha256 of the concatenated tensor files " + sha + ")", m.trainingData());
        assertEquals(7, m.seed());
        assertEquals(null, m.loss());
        assertEquals("volume-radio", m.parameters().get("variant"));
        assertEquals("64", m.parameters().get("depth"));
        // the payload is a state_dict again: 195 tensors, the importer's format
        try (Stream<Path> st = Files.list(artifact.resolve("weights"))) {
            assertEquals(195, st.count());
        }
        assertEquals(195, m.files().size());
    }

    @Test
    void missingTensorIsRefusedNamingTheFile() throws IOException {
        Path w = linkWeights("missing");
        Files.delete(w.resolve("classifier2.1.bias.npy"));
        ModelArtifactException e = assertThrows(ModelArtifactException.class,
                () -> factory.importWeights(w, fixtureSettings()));
        assertEquals(w.resolve("classifier2.1.bias.npy") + ": missing tensor classifier2.1.bias", e.getMessage());
    }

    @Test
    void extraTensorIsRefusedNamingTheFile() throws IOException {
        Path w = linkWeights("extra");
        Path f = w.resolve("features.extra.weight.npy");
        Npy.write(f, new long[] {2}, new float[] {1, 2});
        ModelArtifactException e = assertThrows(ModelArtifactException.class,
                () -> factory.importWeights(w, fixtureSettings()));
        assertTrue(e.getMessage().startsWith(f + ": unexpected tensor features.extra.weight"), e.getMessage());
    }

    @Test
    void misShapedTensorIsRefusedNamingTheFile() throws IOException {
        Path w = linkWeights("misshaped");
        Path f = w.resolve("classifier3.1.weight.npy");
        Files.delete(f);
        Npy.write(f, new long[] {64, 3}, new float[64 * 3]);
        ModelArtifactException e = assertThrows(ModelArtifactException.class,
                () -> factory.importWeights(w, fixtureSettings()));
        assertEquals(f + ": tensor classifier3.1.weight has shape [64, 3], expected [3, 64]", e.getMessage());
    }

    @Test
    void corruptedPayloadIsRefusedNamingTheFile() throws IOException {
        Path copy = tmp.resolve("corrupt");
        Files.createDirectories(copy.resolve("weights"));
        try (Stream<Path> st = Files.walk(artifact)) {
            for (Path p : (Iterable<Path>) st.filter(Files::isRegularFile)::iterator) {
                Files.copy(p, copy.resolve(artifact.relativize(p).toString()));
            }
        }
        Path f = copy.resolve("weights/features.features.5.squeeze.weight.npy");
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length - 3] ^= 0x10;
        Files.write(f, bytes);
        ModelArtifactException e = assertThrows(ModelArtifactException.class, () -> factory.load(copy));
        assertTrue(e.getMessage().startsWith(f + ": damaged"), e.getMessage());
    }

    @Test
    void volumeOfTheWrongShapeIsRefusedNamingBothShapes() {
        Path bad = tmp.resolve("bad_volume.npy");
        Npy.write(bad, new long[] {1, 1, 64, 80, 79}, new float[64 * 80 * 79]);
        StageException e = assertThrows(StageException.class, () -> predict(loaded, bad, RADIO));
        assertEquals(bad + ": volume tensor has shape [1, 1, 64, 80, 79], model covid-mtl reads [N, 1, 64, 80, 80]"
                + " (N×1×D×H×W)", e.getMessage());

        Path feats = tmp.resolve("bad_features.npy");
        Npy.write(feats, new long[] {2, 374}, new float[2 * 374]);
        e = assertThrows(StageException.class, () -> predict(loaded, VOLUME, feats));
        assertTrue(e.getMessage().startsWith(feats + ": feature tensor has shape [2, 374], model covid-mtl reads"
                + " [2, 375]"), e.getMessage());

        VolumeGeometry g = VolumeGeometry.axial(new int[] {80, 79, 64}, new double[] {1, 1, 1}, new double[3]);
        Study s = new Study("s1", radioFeatures(0), Map.of(),
                () -> new StudyVolume(new Volume(g, new float[80 * 79 * 64]), null, true));
        e = assertThrows(StageException.class, () -> loaded.predict(s));
        assertEquals("s1: prepared volume is 64×79×80 (depth×height×width), the model reads 64×80×80", e.getMessage());
    }

    @Test
    void missingOrNonFiniteFeatureIsRefusedNamingStudyAndFeature() {
        Map<String, Double> f = new HashMap<>(radioFeatures(0));
        f.remove("radio_17");
        StageException e = assertThrows(StageException.class, () -> loaded.predict(new Study("s2", f, Map.of(), null)));
        assertTrue(e.getMessage().startsWith("s2: feature radio_17 missing"), e.getMessage());
        f.put("radio_17", Double.NaN);
        e = assertThrows(StageException.class, () -> loaded.predict(new Study("s3", f, Map.of(), null)));
        assertEquals("s3: feature radio_17 is not finite: NaN", e.getMessage());
    }

    /** An HU volume of exactly the crop size at 1 mm gives what its prepared tensor gives. */
    @Test
    void huVolumeIsPreparedAsTheSchemaSays() {
        VolumeSchema vs = loaded.schema().volume();
        float[] prepared = Arrays.copyOf(Npy.read(VOLUME).data(), 64 * 80 * 80);
        float[] hu = new float[prepared.length];
        for (int i = 0; i < hu.length; i++) {
            hu[i] = (float) (prepared[i] * vs.std() + vs.mean() - vs.offset());
        }
        VolumeGeometry g = VolumeGeometry.axial(new int[] {80, 80, 64}, new double[] {1, 1, 1.02},
                new double[] {-40, -40, 100});
        Prediction fromHu = loaded.predict(new Study("hu", radioFeatures(0), Map.of(),
                () -> new StudyVolume(new Volume(g, hu), null, false)));
        Prediction fromTensor = predict(loaded, VOLUME, RADIO).get(0);
        for (Task t : PAPER_TASKS) {
            assertArrayEquals(fromTensor.probabilities(t.name()), fromHu.probabilities(t.name()), 1e-5, t.name());
        }
        assertTrue(fromHu.warnings().get(0).startsWith("no lung mask"), fromHu.warnings().toString());
        assertTrue(fromTensor.warnings().isEmpty());

        VolumeGeometry coarse = VolumeGeometry.axial(new int[] {80, 80, 64}, new double[] {1, 1, 1.5}, new double[3]);
        StageException e = assertThrows(StageException.class, () -> loaded.predict(new Study("thick",
                radioFeatures(0), Map.of(), () -> new StudyVolume(new Volume(coarse, hu), null, false))));
        assertTrue(e.getMessage().startsWith("thick: volume spacing is 1.0×1.0×1.5 mm") && e.getMessage().contains(
                "resample"), e.getMessage());
    }

    @Test
    void settingsAreChecked() {
        StageException e = assertThrows(StageException.class, () -> factory.create(
                new ModelSettings(PAPER_TASKS, Map.of("depht", "64", "size", "80"), 0)));
        assertTrue(e.getMessage().startsWith("parameter depht: unknown to model covid-mtl (known: "), e.getMessage());
        e = assertThrows(StageException.class, () -> factory.create(
                new ModelSettings(PAPER_TASKS, Map.of("variant", "volume"), 0)));
        assertEquals("parameter variant: variant volume is not built; covid-mtl has: volume-radio", e.getMessage());
        e = assertThrows(StageException.class, () -> factory.create(
                new ModelSettings(List.of(Task.COVID_CT, Task.SEVERITY), Map.of(), 0)));
        assertTrue(e.getMessage().startsWith("tasks covid-ct (2 classes), severity (3 classes): model covid-mtl"
                + " predicts the paper's tasks covid-ct (2 classes), covid-nat (2 classes), severity (3 classes)"),
                e.getMessage());
        Model untrained = factory.create(new ModelSettings(PAPER_TASKS, Map.of(), 0));
        e = assertThrows(StageException.class, () -> untrained.fit(null, null, null));
        assertEquals("covid-mtl: covid-mtl trains on CT volumes: a feature table has none (use StudyTraining.fit"
                + " with labelled studies)", e.getMessage());
        assertTrue(untrained instanceof org.covidmtl.api.model.StudyTraining);
        assertThrows(IllegalStateException.class, untrained::schema);
        assertEquals("covid-mtl", factory.descriptor().name());
        assertTrue(factory.descriptor().multitask());
    }

    @Test
    void featureNamesComeFromTheParameterFile() throws IOException {
        Path names = tmp.resolve("names.txt");
        StringBuilder b = new StringBuilder("# radiomic features\n");
        for (int i = 0; i < 375; i++) {
            b.append("original_f").append(i).append('\n');
        }
        Files.writeString(names, b);
        Model m = factory.importWeights(WEIGHTS, new ModelSettings(PAPER_TASKS,
                Map.of("depth", "64", "size", "80", "feature-names", names.toString()), 0));
        assertEquals("original_f374", m.schema().features().get(374));
        Files.writeString(names, "a,b,c\n");
        StageException e = assertThrows(StageException.class, () -> factory.importWeights(WEIGHTS,
                new ModelSettings(PAPER_TASKS, Map.of("feature-names", names.toString()), 0)));
        assertEquals(names + ": 3 feature names, the network reads 375 (parameter radio-features)", e.getMessage());
    }

    private static Map<String, Double> radioFeatures(int row) {
        float[] r = Npy.read(RADIO).data();
        Map<String, Double> m = new HashMap<>();
        for (int i = 0; i < 375; i++) {
            m.put("radio_" + i, (double) r[row * 375 + i]);
        }
        return m;
    }

    private Path linkWeights(String name) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve(name));
        try (Stream<Path> s = Files.list(WEIGHTS)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.createSymbolicLink(dir.resolve(p.getFileName()), p);
            }
        }
        return dir;
    }

    static final List<Task> PAPER_TASKS = List.of(Task.COVID_CT, Task.COVID_NAT, Task.SEVERITY);

    static List<Prediction> predict(org.covidmtl.api.model.Model model, java.nio.file.Path volume, java.nio.file.Path features) {
        List<Prediction> out = new java.util.ArrayList<>();
        for (org.covidmtl.api.model.Study s : PreparedStudies.of(model.schema(), volume, features)) {
            out.add(model.predict(s));
        }
        return out;
    }
}
