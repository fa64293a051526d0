package org.covidmtl.models.volume.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.covidmtl.models.volume.Shift3DConfig;
import org.covidmtl.models.volume.Shift3DLayer;
import org.covidmtl.models.volume.VolumeRadioConfig;
import org.covidmtl.models.volume.VolumeRadioGraph;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every zoo architecture builds, maps a small real-shaped batch (2 volumes) to one [2, classes] logit array per head
 * with finite values, has the trainable-parameter count worked out from its definition, and back-propagates
 * ({@code computeGradientAndScore}: 5-D channel concatenations, residual sums, Shift3D, adaptive pooling).
 */
class ZooGraphsTest {

    private static INDArray volume(long seed, int n, int d, int h, int w) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, n, 1, d, h, w);
    }

    /** No NaN or ±∞ (either would make the 2-norm NaN or ∞). */
    static boolean finite(INDArray a) {
        return Double.isFinite(a.castTo(DataType.DOUBLE).norm2Number().doubleValue());
    }

    private static INDArray oneHot(int n, int classes, int offset) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (i + offset) % classes, 1);
        }
        return y;
    }

    /** Forward (inference and training), shapes, finiteness, backward; returns the graph. */
    private static ComputationGraph check(ZooConfig c, long expectedTrainable) {
        long t0 = System.nanoTime();
        ComputationGraph g = ZooGraphs.build(c);
        long trainable = AnalyticCounts.trainable(g);
        System.out.printf("ZOO %-20s trainable %,d (DL4J numParams %,d with BN state)%n",
                c.architecture().zooName(), trainable, g.numParams());
        assertEquals(expectedTrainable, trainable, c.architecture().zooName() + " trainable parameters");

        INDArray x = volume(3, 2, c.depth(), c.height(), c.width());
        int[] classes = c.classes();
        INDArray[] out = g.output(false, x);
        assertEquals(classes.length, out.length);
        for (int k = 0; k < classes.length; k++) {
            assertArrayEquals(new long[] {2, classes[k]}, out[k].shape(), "head " + k);
            assertTrue(finite(out[k]), "head " + k + " not finite: " + out[k]);
        }

        INDArray[] labels = new INDArray[classes.length];
        for (int k = 0; k < classes.length; k++) {
            labels[k] = oneHot(2, classes[k], k);
        }
        g.setInputs(x);
        g.setLabels(labels);
        g.computeGradientAndScore();
        double score = g.score();
        assertTrue(Double.isFinite(score) && score > 0, "score " + score);
        INDArray grad = g.gradient().gradient();
        assertTrue(finite(grad), "gradient not finite");
        assertTrue(grad.amaxNumber().doubleValue() > 0, "gradient all zero");
        // the stem convolution receives gradient through the whole network (the 5-D concatenations and sums)
        String stem = switch (c.architecture()) {
            case SQUEEZENET3D, SHIFTNET3D -> "convbn.0";
            case RESNET3D_34 -> "conv1";
            case DECOVNET -> "s1.pathway0_stem.conv";
            case COVID_MTL_VOLUME_3, COVID_MTL_VOLUME_2 -> "features.convbn.0";
        };
        INDArray stemGrad = g.getLayer(stem).getGradientsViewArray();
        assertTrue(stemGrad.amaxNumber().doubleValue() > 0, "no gradient reaches the stem " + stem);
        System.out.printf("ZOO %-20s forward+backward on 2×1×%d×%d×%d: %.1f s, score %.4f%n",
                c.architecture().zooName(), c.depth(), c.height(), c.width(), (System.nanoTime() - t0) / 1e9, score);
        return g;
    }

    @Test
    void squeezeNet3d() {
        // deterministic: no dropout, seed 1 (with the head's final ReLU, one 32³ draw can leave every logit at 0 and
        // no gradient; dropout in the training pass made that depend on an unseeded stream)
        ZooConfig c = ZooConfig.of(Architecture.SQUEEZENET3D, 32, 32, 32).withClasses(3).withDropout(0).withSeed(1);
        ComputationGraph g = check(c, AnalyticCounts.squeezeNet(3));
        assertFalse(g.getConfiguration().getVertices().containsKey(ZooGraphs.SHIFT));
    }

    @Test
    void shiftNet3dShiftsInTrainingAndBackpropagates() {
        // chance 1: every sample shifts, so the backward pass runs through the inverse shift
        // (seed 1: the reference's head ends in a ReLU, and at 32³ each logit is one ReLU'd value: with seed 0 all
        // four happen to be 0 and no gradient flows)
        ZooConfig c = ZooConfig.of(Architecture.SHIFTNET3D, 32, 32, 32).withShift3d(Shift3DConfig.REFERENCE
                .withChance(1.0)).withSeed(1).withDropout(0);
        ComputationGraph g = check(c, AnalyticCounts.squeezeNet(2));
        Shift3DLayer shift = (Shift3DLayer) g.getLayer(ZooGraphs.SHIFT);
        assertFalse(shift.lastPlan().isEmpty(), "Shift3D did not fire in training");
    }

    @Test
    void resNet3d34WithShift() {
        ZooConfig c = ZooConfig.of(Architecture.RESNET3D_34, 32, 32, 32).withShift3d(Shift3DConfig.REFERENCE);
        check(c, AnalyticCounts.resNet34(2));
        assertEquals(63_460_930L, AnalyticCounts.resNet34(2), "the reference's count for resnet3d34");
    }

    @Test
    void deCoVNet() {
        ZooConfig c = ZooConfig.of(Architecture.DECOVNET, 8, 32, 32).withClasses(3);
        ComputationGraph g = check(c, AnalyticCounts.deCoVNet(3));
        // zero-initialised final BN of each residual branch (SlowFast's zero_init_final_bn)
        for (String bn : List.of("s2.pathway0_res0.branch2.c_bn", "s3.pathway0_res0.branch2.c_bn")) {
            assertEquals(0.0, g.getLayer(bn).getParam("gamma").amaxNumber().doubleValue(), bn);
        }
        assertEquals(1.0, g.getLayer("s2.pathway0_res0.branch1_bn").getParam("gamma").minNumber().doubleValue());
    }

    @Test
    void covidMtlVolume3() {
        ZooConfig c = ZooConfig.of(Architecture.COVID_MTL_VOLUME_3, 32, 32, 32);
        assertArrayEquals(new int[] {2, 2, 3}, c.classes());
        check(c, AnalyticCounts.covidMtlVolume(2, 2, 3));
    }

    @Test
    void covidMtlVolume2() {
        ZooConfig c = ZooConfig.of(Architecture.COVID_MTL_VOLUME_2, 32, 32, 32).withShift3d(null);
        assertArrayEquals(new int[] {2, 2}, c.classes());
        check(c, AnalyticCounts.covidMtlVolume(2, 2));
    }

    /** The analytic formulas agree with the reference's published count and with VOLUME_RADIO's graph. */
    @Test
    void analyticCountsMatchTheReferenceVolumeRadio() {
        assertEquals(3_848_199L, AnalyticCounts.covidMtlVolumeRadio(375, 2, 2, 3));
        ComputationGraph radio = VolumeRadioGraph.build(VolumeRadioConfig.reference(32, 32).withShift3d(null));
        assertEquals(3_848_199L, AnalyticCounts.trainable(radio));
    }

    /** The training-mode forward of a multi-head graph through fit-style data works too (MultiDataSet). */
    @Test
    void multiDataSetScore() {
        ZooConfig c = ZooConfig.of(Architecture.COVID_MTL_VOLUME_2, 32, 32, 32).withDropout(0);
        ComputationGraph g = ZooGraphs.build(c);
        INDArray x = volume(5, 2, 32, 32, 32);
        double s = g.score(new MultiDataSet(new INDArray[] {x}, new INDArray[] {oneHot(2, 2, 0), oneHot(2, 2, 1)}));
        assertTrue(Double.isFinite(s) && s > 0);
    }
}
