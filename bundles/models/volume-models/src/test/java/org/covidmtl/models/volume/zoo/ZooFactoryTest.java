package org.covidmtl.models.volume.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelArtifactException;
import org.covidmtl.api.model.ModelFactory;
import org.covidmtl.api.model.ModelInput;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Prediction;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.model.StudyVolume;
import org.covidmtl.api.model.VolumeSchema;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;
import org.covidmtl.models.volume.TorchWeightImporter;
import org.covidmtl.models.volume.zoo.ds.CovidMtlVolume2Component;
import org.covidmtl.models.volume.zoo.ds.CovidMtlVolume3Component;
import org.covidmtl.models.volume.zoo.ds.DeCoVNetComponent;
import org.covidmtl.models.volume.zoo.ds.ResNet3D34Component;
import org.covidmtl.models.volume.zoo.ds.ShiftNet3DComponent;
import org.covidmtl.models.volume.zoo.ds.SqueezeNet3DComponent;
import org.covidmtl.models.volume.zoo.ds.ZooComponents;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zoo's factories: descriptors, settings checks, untrained models refusing to predict and to fit, weights
 * written by {@link TorchWeightImporter#save} imported, saved as an artifact, loaded, predicting the same
 * probabilities from a prepared and from an HU volume.
 */
class ZooFactoryTest {

    @TempDir
    Path tmp;

    private static Study prepared(String id, int d, int h, int w, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] v = new float[d * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        VolumeGeometry g = VolumeGeometry.axial(new int[] {w, h, d}, new double[] {1, 1, 1}, new double[3]);
        return new Study(id, Map.of(), Map.of(), () -> new StudyVolume(new Volume(g, v), null, true));
    }

    @Test
    void componentsRegisterEveryArchitecture() {
        ModelFactory[] all = {new SqueezeNet3DComponent(), new ShiftNet3DComponent(), new ResNet3D34Component(),
                new DeCoVNetComponent(), new CovidMtlVolume3Component(), new CovidMtlVolume2Component()};
        String[] descriptions = {ZooComponents.SQUEEZENET3D_DESCRIPTION, ZooComponents.SHIFTNET3D_DESCRIPTION,
                ZooComponents.RESNET3D_34_DESCRIPTION, ZooComponents.DECOVNET_DESCRIPTION,
                ZooComponents.COVID_MTL_VOLUME_3_DESCRIPTION, ZooComponents.COVID_MTL_VOLUME_2_DESCRIPTION};
        for (int i = 0; i < all.length; i++) {
            Architecture a = Architecture.values()[i];
            assertEquals(a.zooName(), all[i].descriptor().name());
            assertEquals("1.0.0", all[i].descriptor().version());
            assertEquals(java.util.Set.of(ModelInput.VOLUME), all[i].descriptor().inputs());
            assertEquals(a.multitask(), all[i].descriptor().multitask());
            assertEquals(a.description(), all[i].descriptor().description());
            assertEquals(a.description(), descriptions[i], "ZooComponents description of " + a.zooName());
        }
    }

    @Test
    void settingsAreChecked() {
        ZooFactory f = new ZooFactory(Architecture.SQUEEZENET3D);
        assertThrows(StageException.class, () -> f.create(new ModelSettings(Architecture.PAPER_TASKS, Map.of(), 0)));
        assertThrows(StageException.class, () -> f.create(new ModelSettings(List.of(Task.SEVERITY),
                Map.of("colour", "red"), 0)));
        assertThrows(StageException.class, () -> f.create(new ModelSettings(List.of(Task.SEVERITY),
                Map.of("depth", "16"), 0)));
        ZooFactory v3 = new ZooFactory(Architecture.COVID_MTL_VOLUME_3);
        assertThrows(StageException.class, () -> v3.create(new ModelSettings(List.of(Task.COVID_NAT, Task.COVID_CT,
                Task.SEVERITY), Map.of(), 0)));
        ZooFactory decov = new ZooFactory(Architecture.DECOVNET);
        assertThrows(StageException.class, () -> decov.create(new ModelSettings(List.of(Task.COVID_CT),
                Map.of("shift3d", "true"), 0)));
        Model m = f.create(new ModelSettings(List.of(Task.SEVERITY), Map.of(), 0));
        assertThrows(IllegalStateException.class, m::schema);
        assertThrows(IllegalStateException.class, () -> m.predict(prepared("s", 32, 32, 32, 1)));
        assertThrows(StageException.class, () -> m.fit(null, null, null));
    }

    private void roundTrip(Architecture a, List<Task> tasks, Map<String, String> params, int d, int h, int w)
            throws Exception {
        ZooFactory f = new ZooFactory(a);
        ModelSettings settings = new ModelSettings(tasks, params, 3);
        ZooSettings s = ZooSettings.of(a, settings);
        ComputationGraph g = ZooGraphs.build(s.config().withSeed(42));
        Path weights = tmp.resolve(a.zooName() + "-weights");
        Files.createDirectories(weights);
        TorchWeightImporter.save(g, weights);

        ZooModel imported = (ZooModel) f.importWeights(weights, settings);
        assertEquals(VolumeSchema.paper(d, h, w), imported.schema().volume());
        assertEquals(tasks, imported.schema().tasks());
        Path artifact = tmp.resolve(a.zooName() + "-artifact");
        imported.save(artifact);
        ZooModel loaded = (ZooModel) f.load(artifact);

        Study study = prepared("study-1", d, h, w, 9);
        Prediction p1 = imported.predict(study);
        Prediction p2 = loaded.predict(study);
        assertEquals(a.zooName() + " 1.0.0", p1.model());
        for (Task t : tasks) {
            double[] q = p1.probabilities(t.name());
            assertEquals(t.classes(), q.length);
            assertEquals(1.0, java.util.Arrays.stream(q).sum(), 1e-9);
            assertArrayEquals(q, p2.probabilities(t.name()), 0.0, a.zooName() + " " + t.name()
                    + ": loaded model predicts differently");
        }
        // the artifact holds every parameter, BN running statistics included: the graphs agree bit for bit
        assertEquals(imported.graph().params(), loaded.graph().params());
        // the wrong factory refuses the artifact
        assertThrows(ModelArtifactException.class, () -> new ZooFactory(a == Architecture.DECOVNET
                ? Architecture.SQUEEZENET3D : Architecture.DECOVNET).load(artifact));
    }

    @Test
    void squeezeNetSaveLoadPredict() throws Exception {
        roundTrip(Architecture.SQUEEZENET3D, List.of(Task.SEVERITY), Map.of("depth", "32", "size", "32"), 32, 32, 32);
    }

    @Test
    void deCoVNetSaveLoadPredict() throws Exception {
        roundTrip(Architecture.DECOVNET, List.of(Task.COVID_CT), Map.of("depth", "8", "height", "32", "width", "40"),
                8, 32, 40);
    }

    @Test
    void covidMtlVolume2SaveLoadPredictFromHu() throws Exception {
        Architecture a = Architecture.COVID_MTL_VOLUME_2;
        List<Task> tasks = a.fixedTasks();
        ZooFactory f = new ZooFactory(a);
        ModelSettings settings = new ModelSettings(tasks, Map.of("depth", "32", "size", "32"), 3);
        ComputationGraph g = ZooGraphs.build(ZooSettings.of(a, settings).config());
        Path weights = tmp.resolve("w");
        Files.createDirectories(weights);
        TorchWeightImporter.save(g, weights);
        Model m = f.importWeights(weights, settings);
        m.save(tmp.resolve("art"));
        Model loaded = f.load(tmp.resolve("art"));
        // an HU volume larger than the input: centre-cropped, no lung mask (a warning)
        float[] hu = new float[40 * 36 * 34];
        java.util.Random r = new java.util.Random(4);
        for (int i = 0; i < hu.length; i++) {
            hu[i] = (float) (r.nextGaussian() * 300 - 600);
        }
        VolumeGeometry geo = VolumeGeometry.axial(new int[] {40, 36, 34}, new double[] {1, 1, 1}, new double[3]);
        Study s = new Study("hu", Map.of(), Map.of(), () -> new StudyVolume(new Volume(geo, hu), null, false));
        Prediction p1 = m.predict(s);
        Prediction p2 = loaded.predict(s);
        assertFalse(p1.warnings().isEmpty());
        assertTrue(p1.warnings().get(0).contains("no lung mask"));
        for (Task t : tasks) {
            assertArrayEquals(p1.probabilities(t.name()), p2.probabilities(t.name()), 0.0);
        }
        Study wrong = prepared("wrong", 30, 32, 32, 1);
        assertThrows(StageException.class, () -> loaded.predict(wrong));
    }
}
