package org.covidmtl.models.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.covidmtl.api.model.LabelledStudy;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Prediction;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.stage.StageException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Transfer learning (paper section 5.4) on real CT crops ({@link RealCt}, labels assigned by us: the machinery, not
 * diagnostic quality): a model trained on three tasks, then new severity heads trained on studies that carry a
 * severity label only, with the trunk frozen or fine-tuned.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransferLearningTest {

    @TempDir
    Path tmp;

    private CovidMtlModel source;
    private List<LabelledStudy> severityOnly;

    @BeforeAll
    void trainSource() {
        assumeTrue(RealCt.available(), "shared data not found at " + RealCt.SHARED);
        source = (CovidMtlModel) new CovidMtlFactory().create(new ModelSettings(RealCt.TASKS, RealCt.parameters(1), 3));
        source.fit(RealCt.studies(4), List.of(), Progress.none());
        severityOnly = new ArrayList<>();
        for (LabelledStudy s : RealCt.studies(6).subList(2, 6)) {
            severityOnly.add(new LabelledStudy(s.study(), new int[] {-1, -1, s.labels()[2]}));
        }
    }

    private static float[] flat(INDArray a) {
        return a.dup('c').reshape(a.length()).toFloatVector();
    }

    private static double[][] logits(CovidMtlModel m, Study s) {
        VolumeInputTestSupport in = VolumeInputTestSupport.of(m, s);
        double[][] out = new double[3][];
        for (int k = 0; k < 3; k++) {
            out[k] = m.cam(in.volume(), m.scaledFeatures(s), k, 0).logits();
        }
        return out;
    }

    private static ModelSettings transferRun(int seed) {
        Map<String, String> p = new java.util.LinkedHashMap<>(RealCt.parameters(2));
        p.remove("depth"); // the architecture comes from the source; repeating it with the same value is allowed
        return new ModelSettings(RealCt.TASKS, p, seed);
    }

    @Test
    void frozenTrunkKeepsEverythingButTheNewHeads() throws Exception {
        CovidMtlModel t = (CovidMtlModel) source.transfer(transferRun(5), Set.of("severity"), true);
        t.fit(severityOnly, List.of(), Progress.none());
        ComputationGraph before = source.graph();
        ComputationGraph after = t.graph();
        int frozen = 0;
        int changed = 0;
        for (Map.Entry<String, INDArray> e : before.paramTable().entrySet()) {
            String key = e.getKey();
            float[] a = flat(e.getValue());
            float[] b = flat(after.getParam(key));
            boolean head = key.startsWith("classifier3_.1_") || key.startsWith("classifier3.1_");
            if (head) {
                assertFalse(java.util.Arrays.equals(a, b), key + " is a new head: re-initialised and trained");
                changed++;
            } else {
                // trunk, feature branch, the other heads and the batch normalisation statistics: bit for bit
                assertArrayEquals(a, b, 0f, key + " is frozen");
                frozen++;
            }
        }
        assertEquals(4, changed);
        assertTrue(frozen > 150, frozen + " frozen parameter arrays");
        // the other tasks answer exactly as before; severity does not (logits: after two steps the batch
        // normalisation statistics of so small a run saturate the softmax)
        Study s = RealCt.studies(1).get(0).study();
        double[][] l0 = logits(source, s);
        double[][] l1 = logits(t, s);
        assertArrayEquals(l0[0], l1[0], 0);
        assertArrayEquals(l0[1], l1[1], 0);
        assertFalse(java.util.Arrays.equals(l0[2], l1[2]), "severity logits " + java.util.Arrays.toString(l1[2]));
        Prediction p1 = t.predict(s);
        // saved and loaded, the artifact says where it came from
        Path artifact = tmp.resolve("transferred");
        t.save(artifact);
        CovidMtlModel loaded = (CovidMtlModel) new CovidMtlFactory().load(artifact);
        assertArrayEquals(p1.probabilities("severity"), loaded.predict(s).probabilities("severity"), 1e-6);
        String from = org.covidmtl.models.artifact.Artifacts.read(artifact).provenance().get("transferred-from");
        assertTrue(from.startsWith("transfer learning from covid-mtl model (trained on 4 studies"), from);
        assertTrue(from.endsWith("new heads severity, everything else frozen"), from);
    }

    @Test
    void fineTuningMovesTheTrunkToo() {
        CovidMtlModel t = (CovidMtlModel) source.transfer(transferRun(5), Set.of("severity"), false);
        t.fit(severityOnly, List.of(), Progress.none());
        String trunk = "features.convbn.0_W";
        assertFalse(java.util.Arrays.equals(flat(source.graph().getParam(trunk)),
                flat(t.graph().getParam(trunk))), "fine-tuned trunk");
    }

    @Test
    void refusalsNameWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> source.transfer(transferRun(5), Set.of("stage"), true));
        assertEquals("covid-mtl has no task stage (tasks: covid-ct, covid-nat, severity)", e.getMessage());
        Map<String, String> p = new java.util.LinkedHashMap<>(RealCt.parameters(1));
        p.put("size", "64");
        StageException s = assertThrows(StageException.class,
                () -> source.transfer(new ModelSettings(RealCt.TASKS, p, 5), Set.of("severity"), true));
        assertEquals("parameter size: is 32 in the trained model; a transferred model keeps its source's architecture"
                + " (64 given)", s.getMessage());
        assertThrows(IllegalArgumentException.class, () -> source.transfer(transferRun(5), Set.of(), true));
    }
}
