package org.covidmtl.models.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link TorchSgd}'s one-pass step against the same formula as ND4J ops one after the other (its implementation
 * before the one-pass step): parameters and momentum buffers equal bit for bit over three steps, with and without
 * Nesterov, BN running statistics untouched.
 */
class TorchSgdTest {

    @Test
    void onePassStepEqualsNd4jOps() {
        for (boolean nesterov : new boolean[] {true, false}) {
            ComputationGraph a = VolumeRadioGraph.build(VolumeRadioConfig.reference(32, 32).withShift3d(null));
            ComputationGraph b = VolumeRadioGraph.build(VolumeRadioConfig.reference(32, 32).withShift3d(null));
            b.setParams(a.params().dup());
            Nd4j.getRandom().setSeed(9);
            a.getLayer("features.convbn.1").getParam(TorchBatchNormParams.VAR).assign(1.5);
            b.getLayer("features.convbn.1").getParam(TorchBatchNormParams.VAR).assign(1.5);
            TorchSgd sgd = new TorchSgd(0.005, 0.9, 5e-5, nesterov);
            Map<String, INDArray> refBuffers = new HashMap<>();
            for (int step = 0; step < 3; step++) {
                Map<String, INDArray> g = new LinkedHashMap<>();
                for (Map.Entry<String, INDArray> e : a.paramTable().entrySet()) {
                    g.put(e.getKey(), Nd4j.randn(DataType.FLOAT, e.getValue().shape()).muli(0.1));
                }
                sgd.step(a, g);
                reference(b, g, refBuffers, 0.005, 0.9, 5e-5, nesterov);
                float[] pa = a.params().toFloatVector();
                float[] pb = b.params().toFloatVector();
                int differ = 0;
                for (int i = 0; i < pa.length; i++) {
                    if (Float.floatToIntBits(pa[i]) != Float.floatToIntBits(pb[i])) {
                        differ++;
                    }
                }
                assertEquals(0, differ, "parameters differing after step " + (step + 1) + " (nesterov " + nesterov + ")");
                for (Map.Entry<String, INDArray> e : refBuffers.entrySet()) {
                    assertEquals(e.getValue(), sgd.buffers().get(e.getKey()), "momentum buffer " + e.getKey());
                }
            }
            assertEquals(1.5, a.getLayer("features.convbn.1").getParam(TorchBatchNormParams.VAR).getDouble(3), 0);
        }
    }

    @Test
    void aStepOnGradientSumsEqualsAStepOnTheirMeans() {
        ComputationGraph[] twins = twins(VolumeRadioConfig.reference(32, 32).withShift3d(null));
        TorchSgd onSums = TorchSgd.reference();
        TorchSgd onMeans = TorchSgd.reference();
        Nd4j.getRandom().setSeed(10);
        for (int step = 0; step < 2; step++) {
            Gradients g = gradients(twins[0], DataType.FLOAT, 3);
            onSums.step(twins[0], g.sums(), 3);
            onMeans.step(twins[1], g.means());
            assertSameParameters(twins, step);
        }
    }

    @Test
    void aDoubleNetworkStepsAsTheNd4jOpsDo() {
        ComputationGraph[] twins = twins(VolumeRadioConfig.reference(32, 32).withShift3d(null)
                .withDataType(DataType.DOUBLE));
        TorchSgd sgd = new TorchSgd(0.005, 0.9, 5e-5, true);
        Map<String, INDArray> refBuffers = new HashMap<>();
        Nd4j.getRandom().setSeed(11);
        for (int step = 0; step < 3; step++) {
            Gradients g = gradients(twins[0], DataType.DOUBLE, 2);
            sgd.step(twins[0], g.sums(), 2);
            reference(twins[1], g.means(), refBuffers, 0.005, 0.9, 5e-5, true);
            assertSameParameters(twins, step);
        }
    }

    /** Random gradient sums over a batch of {@code batch} for every parameter array, and their means. */
    private record Gradients(Map<String, INDArray> sums, Map<String, INDArray> means) {
    }

    private static Gradients gradients(ComputationGraph graph, DataType type, int batch) {
        Map<String, INDArray> sums = new LinkedHashMap<>();
        Map<String, INDArray> means = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : graph.paramTable().entrySet()) {
            INDArray g = Nd4j.randn(type, e.getValue().shape());
            sums.put(e.getKey(), g);
            means.put(e.getKey(), g.div(batch));
        }
        return new Gradients(sums, means);
    }

    /** Two graphs of {@code config} with the same parameters. */
    private static ComputationGraph[] twins(VolumeRadioConfig config) {
        ComputationGraph a = VolumeRadioGraph.build(config);
        ComputationGraph b = VolumeRadioGraph.build(config);
        b.setParams(a.params().dup());
        return new ComputationGraph[] {a, b};
    }

    /** The twins' parameters are equal bit for bit. */
    private static void assertSameParameters(ComputationGraph[] twins, int step) {
        double[] pa = twins[0].params().toDoubleVector();
        double[] pb = twins[1].params().toDoubleVector();
        for (int i = 0; i < pa.length; i++) {
            assertEquals(Double.doubleToLongBits(pb[i]), Double.doubleToLongBits(pa[i]),
                    "parameter " + i + " after step " + (step + 1));
        }
    }

    /** The step as ND4J ops, as TorchSgd computed it before. */
    private static void reference(ComputationGraph graph, Map<String, INDArray> gradients, Map<String, INDArray> buffers,
            double lr, double momentum, double weightDecay, boolean nesterov) {
        for (Map.Entry<String, INDArray> e : graph.paramTable().entrySet()) {
            String key = e.getKey();
            if (!TorchSgd.trained(graph, key)) {
                continue;
            }
            INDArray p = e.getValue();
            INDArray d = gradients.get(key).reshape(p.shape()).dup();
            d.addi(p.mul(weightDecay));
            INDArray buf = buffers.get(key);
            if (buf == null) {
                buf = d.dup();
                buffers.put(key, buf);
            } else {
                buf.muli(momentum).addi(d);
            }
            INDArray step = nesterov ? d.addi(buf.mul(momentum)) : buf;
            p.subi(step.mul(lr));
        }
    }
}
