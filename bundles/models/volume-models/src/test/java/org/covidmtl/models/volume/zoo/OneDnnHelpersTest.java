package org.covidmtl.models.volume.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * BatchNorm (and everything around it: Conv3d, MaxPool3d, channel concat, residual sums, adaptive pooling) on 5-D
 * NCDHW activations gives the same training-mode forward pass and the same gradients with ND4J's platform helpers
 * (oneDNN) allowed and forbidden ({@code Nd4j.getEnvironment().allowHelpers}), within 1e-5 relative to each array's
 * largest magnitude. Float32, batch 2.
 */
class OneDnnHelpersTest {

    private final boolean before = Nd4j.getEnvironment().helpersAllowed();

    @AfterEach
    void restore() {
        Nd4j.getEnvironment().allowHelpers(before);
    }

    private record Run(Map<String, INDArray> activations, INDArray gradient, double score) {
    }

    private static Run run(ComputationGraph g, INDArray x, INDArray[] y, boolean helpers) {
        Nd4j.getEnvironment().allowHelpers(helpers);
        assertTrue(Nd4j.getEnvironment().helpersAllowed() == helpers);
        Map<String, INDArray> acts = new LinkedHashMap<>();
        g.feedForward(new INDArray[] {x}, true, false).forEach((k, v) -> acts.put(k, v.dup()));
        g.setInputs(x);
        g.setLabels(y);
        g.computeGradientAndScore();
        return new Run(acts, g.gradient().gradient().dup(), g.score());
    }

    private static double rel(INDArray a, INDArray b) {
        assertArrayEquals(b.shape(), a.shape());
        double max = b.castTo(DataType.DOUBLE).amaxNumber().doubleValue();
        double diff = a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        return max == 0 ? diff : diff / max;
    }

    private static void compare(ZooConfig c, int n) {
        compare(ZooGraphs.build(c), c.architecture().zooName(), n, new int[] {c.depth(), c.height(), c.width()},
                c.classes());
    }

    private static void compare(ComputationGraph g, String name, int n, int[] dhw, int[] classes) {
        Nd4j.getRandom().setSeed(21);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, 1, dhw[0], dhw[1], dhw[2]);
        INDArray[] y = new INDArray[classes.length];
        for (int k = 0; k < classes.length; k++) {
            y[k] = Nd4j.zeros(DataType.FLOAT, n, classes[k]);
            for (int i = 0; i < n; i++) {
                y[k].putScalar(i, i % classes[k], 1);
            }
        }
        Run on = run(g, x, y, true);
        Run off = run(g, x, y, false);
        double worst = 0;
        String where = "";
        int bnChecked = 0;
        for (Map.Entry<String, INDArray> e : on.activations().entrySet()) {
            double r = rel(e.getValue(), off.activations().get(e.getKey()));
            if (g.getConfiguration().getVertices().get(e.getKey()) instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv
                    && lv.getLayerConf().getLayer() instanceof org.covidmtl.models.volume.TorchBatchNorm) {
                bnChecked++;
                assertTrue(e.getValue().rank() == 5, e.getKey() + " is not 5-D");
            }
            if (r > worst) {
                worst = r;
                where = e.getKey();
            }
        }
        double grad = rel(on.gradient(), off.gradient());
        System.out.printf("ONEDNN %-20s forward worst rel %.2e (%s), %d BatchNorm outputs; gradient rel %.2e;"
                + " score %.6f vs %.6f%n", name, worst, where, bnChecked, grad, on.score(),
                off.score());
        assertTrue(bnChecked > 0);
        assertTrue(worst <= 1e-5, "forward differs at " + where + ": " + worst);
        assertTrue(grad <= 1e-5, "gradients differ: " + grad);
        assertTrue(Math.abs(on.score() - off.score()) <= 1e-5 * Math.max(1, Math.abs(off.score())));
        assertFalse(Double.isNaN(grad));
    }

    /**
     * Conv3d → BN → ReLU → MaxPool3d → (Conv 1×1×1 + BN ‖ Conv 3×3×3 + BN) → 5-D channel concat → + input → ReLU →
     * global average → logits: every op once, on a map where each BN sees 2·8³ values per channel.
     */
    @Test
    void batchNormOn5dActivations() {
        org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder b =
                new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                        .graphBuilder().addInputs("x").setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType
                                .convolutional3D(Blocks.NCDHW, 16, 16, 16, 1));
        Blocks k = new Blocks(b, 1e-3, 0.01, new KaimingNormal(true));
        org.nd4j.linalg.activations.Activation id = org.nd4j.linalg.activations.Activation.IDENTITY;
        k.conv("c0", 1, 8, 3, 1, 1, true, id, 0, "x");
        k.bn("bn0", 8, "c0");
        k.relu("r0", "bn0");
        k.maxPool("p0", "r0");
        String f = k.fire("fire", "p0", 8, 4, 4, 4, true);
        k.globalPool("gap", org.deeplearning4j.nn.conf.layers.PoolingType.AVG, f);
        k.logits("out", 8, 3, org.deeplearning4j.nn.weights.WeightInit.UNIFORM.getWeightInitFunction(), "gap");
        b.setOutputs("out");
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        compare(g, "conv-bn-fire", 2, new int[] {16, 16, 16}, new int[] {3});
    }

    // The whole SqueezeNet3D trunk is not compared at 1e-5: its last Fire modules run on maps of 1×1×1 (32³ input)
    // or 2×2×2 (64³), where BN over 2 or 16 values per channel amplifies the helpers' ~1e-7 per-op differences
    // (measured: 1.2e-2 forward / 4.7e-1 gradient at 32³, 4.2e-5 / 2.4e-5 at 64³; see the zoo README).

    @Test
    void deCoVNet() {
        compare(ZooConfig.of(Architecture.DECOVNET, 8, 32, 32), 2);
    }
}
