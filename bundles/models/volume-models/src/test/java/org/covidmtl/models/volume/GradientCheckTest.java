package org.covidmtl.models.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Double-precision gradient check (central differences on a sample of every parameter) of a small graph made
 * of the custom pieces: Conv3d → {@link TorchBatchNorm} (training statistics) → {@link Shift3D} (a fixed,
 * scripted plan, wrap-around or padding) → two Conv3d branches → {@link ChannelConcat} → global average →
 * output with {@link TaskCrossEntropy}.
 */
class GradientCheckTest {

    private DataType[] defaults;

    @BeforeEach
    void doubles() {
        defaults = new DataType[] {Nd4j.dataType(), Nd4j.defaultFloatingPointType()};
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterEach
    void restore() {
        Nd4j.setDefaultDataTypes(defaults[0], defaults[1]);
    }

    /** Per forward pass (2 samples × 3 channels): gate 1 (shift), then axis, k, direction (0 → +1, 1 → −1) per channel. */
    private static final int[] PLAN = {1, 0, 1, 0, 1, 2, 1, 2, 1, 0, 1, 2, 2, 1, 0, 1, 1, 1, 1, 0};

    private static ShiftRandom cyclic() {
        return new ShiftRandom() {
            private int next;

            @Override
            public int randint(int lo, int hi) {
                int v = PLAN[next++ % PLAN.length];
                assertTrue(v >= lo && v <= hi, v + " outside " + lo + ".." + hi);
                return v;
            }

            @Override
            public double gaussian() {
                throw new AssertionError();
            }
        };
    }

    @ParameterizedTest(name = "padding {0}")
    @ValueSource(booleans = {false, true})
    void customLayersBackpropagateCorrectly(boolean padding) {
        Convolution3D.DataFormat f = Convolution3D.DataFormat.NCDHW;
        Shift3DConfig shift = Shift3DConfig.REFERENCE.withChance(0.5).withMaxShiftFraction(0.5).withPadding(padding, 0.0);
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(12).dataType(DataType.DOUBLE)
                .updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .trainingWorkspaceMode(org.deeplearning4j.nn.conf.WorkspaceMode.NONE)
                .inferenceWorkspaceMode(org.deeplearning4j.nn.conf.WorkspaceMode.NONE).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional3D(f, 4, 5, 6, 2))
                .addLayer("conv", new Convolution3D.Builder().kernelSize(3, 3, 3).padding(1, 1, 1).nOut(3).dataFormat(f)
                        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn", new TorchBatchNorm("bn", 3, 1e-3, 0.01), "conv")
                .addLayer("shift", new Shift3D("shift", shift, 1), "bn")
                .addLayer("a", new Convolution3D.Builder().kernelSize(1, 1, 1).nOut(2).dataFormat(f)
                        .activation(Activation.TANH).build(), "shift")
                .addLayer("b", new Convolution3D.Builder().kernelSize(3, 3, 3).padding(1, 1, 1).nOut(2).dataFormat(f)
                        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.TANH).build(), "shift")
                .addVertex("cat", new ChannelConcat(), "a", "b")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "cat")
                .addLayer("out", new OutputLayer.Builder(new TaskCrossEntropy(0.7)).nIn(4).nOut(3)
                        .activation(Activation.IDENTITY).build(), "pool")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        g.getLayer("bn").getParam(TorchBatchNormParams.GAMMA).assign(Nd4j.create(new double[] {1.2, 0.8, 1.1}));
        g.getLayer("bn").getParam(TorchBatchNormParams.BETA).assign(Nd4j.create(new double[] {0.1, -0.2, 0.05}));
        Shift3DLayer layer = (Shift3DLayer) g.getLayer("shift");
        layer.sampler().random(cyclic());

        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 4, 5, 6).subi(0.5);
        INDArray y = Nd4j.create(new double[][] {{1, 0, 0}, {0, 0, 1}});
        g.output(true, x); // the plan must actually shift something
        assertEquals(6, layer.lastPlan().size());

        // central differences on a sample of every parameter array (running statistics excluded: state)
        org.nd4j.linalg.dataset.MultiDataSet data = new org.nd4j.linalg.dataset.MultiDataSet(x, y);
        g.setInputs(x);
        g.setLabels(y);
        g.computeGradientAndScore();
        java.util.Map<String, INDArray> analytic = new java.util.HashMap<>();
        g.gradient().gradientForVariable().forEach((k, v) -> analytic.put(k, v.dup()));
        java.util.Random pick = new java.util.Random(3);
        double eps = 1e-6;
        int checked = 0;
        for (java.util.Map.Entry<String, INDArray> e : g.paramTable().entrySet()) {
            if (!TorchSgd.trained(g, e.getKey())) {
                continue;
            }
            INDArray p = e.getValue();
            INDArray grad = analytic.get(e.getKey());
            for (int t = 0; t < Math.min(6, p.length()); t++) {
                long[] i = new long[p.rank()];
                for (int d = 0; d < i.length; d++) {
                    i[d] = pick.nextInt((int) p.size(d));
                }
                double orig = p.getDouble(i);
                p.putScalar(i, orig + eps);
                double plus = g.score(data, true);
                p.putScalar(i, orig - eps);
                double minus = g.score(data, true);
                p.putScalar(i, orig);
                double numeric = (plus - minus) / (2 * eps) * x.size(0); // DL4J's gradient is the batch sum
                double a = grad.getDouble(i);
                double err = Math.abs(a - numeric) / Math.max(1e-8, Math.abs(a) + Math.abs(numeric));
                assertTrue(err < 1e-5 || Math.abs(a - numeric) < 1e-8,
                        e.getKey() + java.util.Arrays.toString(i) + ": analytic " + a + ", numeric " + numeric + " (padding " + padding + ")");
                checked++;
            }
        }
        assertTrue(checked > 30);
        assertEquals(List.copyOf(layer.lastPlan()).size(), 6);
    }
}
