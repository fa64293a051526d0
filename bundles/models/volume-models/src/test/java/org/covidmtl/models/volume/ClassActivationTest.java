package org.covidmtl.models.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.covidmtl.api.model.ActivationMap;
import org.covidmtl.api.model.ModelSettings;
import org.covidmtl.api.model.Study;
import org.covidmtl.api.model.StudyVolume;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;
import org.covidmtl.models.artifact.PreparedStudies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Class activation maps of {@code covid-mtl} with the reference's PyTorch weights (parity fixture, 64×80×80): the
 * map is the head's share of the class's logit (its mean plus the feature branch's share plus the bias gives the
 * logit the network computes), upsampling as PyTorch's trilinear {@code align_corners=False}, and the map placed
 * on the study's grid.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassActivationTest {

    private CovidMtlModel model;
    private List<Study> studies;

    @BeforeAll
    void importFixture() {
        model = (CovidMtlModel) new CovidMtlFactory().importWeights(Fixtures.MODEL.resolve("weights"),
                new ModelSettings(CovidMtlFactoryTest.PAPER_TASKS, Map.of("depth", "64", "size", "80"), 7));
        studies = PreparedStudies.of(model.schema(), Fixtures.MODEL.resolve("input_volume.npy"),
                Fixtures.MODEL.resolve("input_radio.npy"));
    }

    @Test
    void mapMeanIsTheVolumesShareOfTheLogit() {
        VolumeInputTestSupport in = VolumeInputTestSupport.of(model, studies.get(1));
        int checked = 0;
        for (int k = 0; k < 3; k++) {
            int classes = model.schema().tasks().get(k).classes();
            for (int c = 0; c < classes; c++) {
                CovidMtlModel.Cam cam = model.cam(in.volume(), in.features(), k, c);
                INDArray w = model.graph().getLayer(VolumeRadioGraph.OUTPUTS[k]).getParam("W").castTo(DataType.DOUBLE);
                INDArray b = model.graph().getLayer(VolumeRadioGraph.OUTPUTS[k]).getParam("b").castTo(DataType.DOUBLE);
                double[] fnn = cam.activations().get(VolumeRadioGraph.FNN).castTo(DataType.DOUBLE).toDoubleVector();
                assertEquals(32, fnn.length);
                double logit = ClassActivationMaps.mean(cam.cells()) + b.reshape(b.length()).getDouble(c);
                for (int j = 0; j < 32; j++) {
                    logit += w.getDouble(32 + j, c) * Math.max(0, fnn[j]);
                }
                double expected = cam.logits()[c];
                assertEquals(expected, logit, 1e-4 * Math.max(1, Math.abs(expected)), "task " + k + " class " + c);
                assertEquals(c, cam.cls());
                // the last map of a 64×80×80 input: stride 32 → 2×3×3 cells
                assertArrayEquals(new int[] {3, 3, 2}, new int[] {cam.cx(), cam.cy(), cam.cz()});
                checked++;
            }
        }
        assertEquals(7, checked);
    }

    @Test
    void activationMapIsOnTheInputGridScaledToOne() {
        Study s = studies.get(0);
        ActivationMap m = model.activationMap(s, "severity", -1);
        double[] p = m.probabilities();
        int predicted = 0;
        for (int i = 1; i < p.length; i++) {
            predicted = p[i] > p[predicted] ? i : predicted;
        }
        assertEquals(predicted, m.classIndex());
        assertEquals(model.predict(s).probabilities("severity")[predicted], p[predicted], 1e-6);
        assertArrayEquals(new int[] {80, 80, 64}, m.map().geometry().size());
        double max = 0;
        for (float v : m.map().voxels()) {
            assertTrue(v >= 0 && v <= 1 + 1e-6, "map value " + v);
            max = Math.max(max, v);
        }
        // the largest cell is 1; voxel centres fall between cell centres (80 / 3 voxels per cell), so the upsampled
        // maximum is just under it
        if (m.rawMax() > 0) {
            assertTrue(max > 0.9 && max <= 1 + 1e-6, "upsampled maximum " + max);
        } else {
            assertEquals(0.0, max);
        }
        // the image is the input turned back into (offset) HU: (x · 85.17 + 16.71) − 1024
        float[] prepared = s.volume().open().ct().voxels();
        for (int i = 0; i < prepared.length; i += 997) {
            assertEquals(prepared[i] * 85.17 + 16.71 - 1024, m.image().voxels()[i], 1e-2);
        }
        assertThrows(IllegalArgumentException.class, () -> model.activationMap(s, "no-such-task", 0));
        assertThrows(IllegalArgumentException.class, () -> model.activationMap(s, "covid-ct", 2));
    }

    @Test
    void mapOfAnHuStudySitsWhereTheCropLiesInTheStudy() {
        // a 100×90×70 HU volume at 1 mm, origin (−50, −40, 10): the model's 80×80×64 crop starts at (10, 5, 3)
        int nx = 100, ny = 90, nz = 70;
        float[] hu = new float[nx * ny * nz];
        for (int i = 0; i < hu.length; i++) {
            hu[i] = -800 + (i * 37 % 900);
        }
        VolumeGeometry g = VolumeGeometry.axial(new int[] {nx, ny, nz}, new double[] {1, 1, 1},
                new double[] {-50, -40, 10});
        StudyVolume sv = new StudyVolume(new Volume(g, hu), null, false);
        Study s = new Study("hu", studies.get(0).features(), Map.of(), () -> sv);
        ActivationMap m = model.activationMap(s, "covid-ct", 1);
        assertArrayEquals(new double[] {-40, -35, 13}, m.image().geometry().origin(), 1e-9);
        // the image is the CT's crop (no mask: the whole CT), values clipped as the schema says
        assertEquals(hu[g.index(10, 5, 3)], m.image().get(0, 0, 0), 1e-2);
        assertEquals(hu[g.index(10 + 79, 5 + 79, 3 + 63)], m.image().get(79, 79, 63), 1e-2);
    }

    @Test
    void trilinearUpsamplingAsPyTorch() {
        // F.interpolate(torch.tensor([0., 1.]).view(1,1,1,1,2), size=(1,1,4), mode='trilinear', align_corners=False)
        // = [0, 0.25, 0.75, 1]
        float[] up = ClassActivationMaps.upsample(new double[] {0, 1}, 2, 1, 1, 4, 1, 1);
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, up, 1e-7f);
        float[] constant = ClassActivationMaps.upsample(new double[] {3, 3, 3, 3, 3, 3, 3, 3}, 2, 2, 2, 5, 7, 3);
        for (float v : constant) {
            assertEquals(3f, v, 1e-6f);
        }
        assertArrayEquals(new double[] {0, 0.5, 1, 0}, ClassActivationMaps.positiveScaled(new double[] {-2, 1, 2, 0}),
                1e-12);
        assertArrayEquals(new double[] {0, 0}, ClassActivationMaps.positiveScaled(new double[] {-2, -1}), 0);
    }
}
