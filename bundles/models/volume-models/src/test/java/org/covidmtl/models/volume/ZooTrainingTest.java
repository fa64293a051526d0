package org.covidmtl.models.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.model.LabelledStudy;
import org.covidmtl.api.model.Model;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Prediction;
import org.covidmtl.api.model.StudyTraining;
import org.covidmtl.api.model.TrainingHistory;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.covidmtl.models.volume.zoo.Architecture;
import org.covidmtl.models.volume.zoo.ZooFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zoo's models train on studies with volumes through the covid-mtl trainer ({@link RealCt}: real CT crops,
 * labels assigned by us — the machinery, not what the models learn): a multitask entry with the loss strategy and a
 * single-task one whose logits come from a loss layer; the trained model is saved, loaded and answers the same.
 */
class ZooTrainingTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void data() {
        assumeTrue(RealCt.available(), "shared data not found at " + RealCt.SHARED);
    }

    private static Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("depth", "32");
        p.put("size", "32");
        p.put("crop-margin", "8");
        p.put("epochs", "1");
        p.put("batch-size", "2");
        return p;
    }

    @Test
    void multitaskEntryTrainsWithTheLossStrategySavesAndLoads() {
        ZooFactory f = new ZooFactory(Architecture.COVID_MTL_VOLUME_3);
        Model m = f.create(new ModelSettings(Architecture.PAPER_TASKS, parameters(), 3, new ModelSettings.Loss(
                "random-weighted", new org.covidmtl.loss.randomweighted.RandomWeightedLoss(2, false))));
        TrainingHistory h = ((StudyTraining) m).fit(RealCt.studies(4), List.of(), Progress.none());
        assertEquals(1, h.epochs().size());
        assertTrue(Double.isFinite(h.epochs().get(0).trainLoss()), "loss " + h.epochs().get(0).trainLoss());
        Path artifact = tmp.resolve("v3");
        m.save(artifact);
        Model loaded = f.load(artifact);
        var s = RealCt.studies(1).get(0).study();
        Prediction a = m.predict(s);
        Prediction b = loaded.predict(s);
        for (Task t : Architecture.PAPER_TASKS) {
            assertArrayEquals(a.probabilities(t.name()), b.probabilities(t.name()), 1e-6, t.name());
        }
        assertTrue(org.covidmtl.models.artifact.Artifacts.read(artifact).trainingData().startsWith(
                "trained on 4 studies with volumes (0 skipped)"));
        assertEquals("random-weighted", org.covidmtl.models.artifact.Artifacts.read(artifact).loss());
    }

    @Test
    void singleTaskEntryTrainsOnItsOneLabel() {
        ZooFactory f = new ZooFactory(Architecture.SQUEEZENET3D);
        Model m = f.create(new ModelSettings(List.of(Task.SEVERITY), parameters(), 3));
        List<LabelledStudy> train = new ArrayList<>();
        for (LabelledStudy s : RealCt.studies(4)) {
            train.add(new LabelledStudy(s.study(), new int[] {s.labels()[2]}));
        }
        TrainingHistory h = ((StudyTraining) m).fit(train, List.of(), Progress.none());
        assertEquals(1, h.epochs().size());
        double[] p = m.predict(train.get(0).study()).probabilities("severity");
        assertEquals(3, p.length);
        assertEquals(1.0, p[0] + p[1] + p[2], 1e-6);
        // three labels for a single-task model: one line naming the study
        StageException e = assertThrows(StageException.class, () -> ((StudyTraining) f.create(new ModelSettings(
                List.of(Task.SEVERITY), parameters(), 3))).fit(RealCt.studies(2), List.of(), Progress.none()));
        assertTrue(e.getMessage().startsWith("ct-0: 3 labels, squeezenet3d needs 1 (severity; -1 = unknown)"),
                e.getMessage());
    }
}
