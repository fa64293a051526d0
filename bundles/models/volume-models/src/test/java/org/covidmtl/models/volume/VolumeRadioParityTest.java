package org.covidmtl.models.volume;

import static org.covidmtl.models.volume.Fixtures.assertClose;
import static org.covidmtl.models.volume.Fixtures.model;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * COVID-MTL VOLUME_RADIO in float32 against the PyTorch fixtures: eval outputs, train-mode forward, loss,
 * gradients, BN running statistics and one SGD Nesterov step.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VolumeRadioParityTest {

    private static final String[] LOGITS = {"task0_ct_logits", "task1_nat_logits", "task2_severity_logits"};
    private static final String[] POOLED = {"head0_ct_cnn_pooled", "head1_nat_cnn_pooled", "head2_severity_cnn_pooled"};
    private static final String[] CE = {"ce_task0_ct", "ce_task1_nat", "ce_task2_severity"};

    private VolumeRadioNetwork net;
    private INDArray volume;
    private INDArray radio;
    private int[][] labels;

    @BeforeAll
    void load() {
        net = new VolumeRadioNetwork(VolumeRadioConfig.reference(64, 80).withDropout(0).withShift3d(null)
                .withTaskWeights(0.5, 0.3, 0.2));
        TorchWeightImporter.load(net.graph(), Fixtures.MODEL.resolve("weights"));
        volume = model("input_volume");
        radio = model("input_radio");
        labels = new int[][] {ints(model("train/labels_ct")), ints(model("train/labels_nat")),
                ints(model("train/labels_sev"))};
    }

    @Test
    void evalOutputsMatch() {
        Map<String, INDArray> a = net.activations(volume, radio, false);
        for (int k = 0; k < 3; k++) {
            assertClose("eval/" + LOGITS[k], a.get(VolumeRadioGraph.OUTPUTS[k]), model("eval/" + LOGITS[k]), 1e-4);
            assertClose("eval/" + POOLED[k], a.get(VolumeRadioGraph.HEAD_POOLED[k]), model("eval/" + POOLED[k]), 1e-4);
        }
        assertClose("eval/backbone_out", a.get(VolumeRadioGraph.BACKBONE), model("eval/backbone_out"), 1e-4);
        assertClose("eval/fnn_out", a.get(VolumeRadioGraph.FNN), model("eval/fnn_out"), 1e-4);
        INDArray stem = a.get(VolumeRadioGraph.STEM);
        INDArray fire1 = a.get("features.features.1.relu");
        assertClose("eval/stem_out_sample0", sample0(stem), model("eval/stem_out_sample0"), 1e-4);
        assertClose("eval/fire1_out_sample0", sample0(fire1), model("eval/fire1_out_sample0"), 1e-4);
        assertClose("eval/stem_out_channel_stats", channelStats(stem), model("eval/stem_out_channel_stats"), 1e-4);
        assertClose("eval/fire1_out_channel_stats", channelStats(fire1), model("eval/fire1_out_channel_stats"), 1e-4);
    }

    @Test
    void trainStepMatches() {
        ComputationGraph graph = net.graph();
        INDArray initial = graph.params().dup();
        try {
            // one train-mode forward: outputs and BN running statistics
            Map<String, INDArray> a = net.activations(volume, radio, true);
            double total = 0;
            double[] w = {0.5, 0.3, 0.2};
            for (int k = 0; k < 3; k++) {
                INDArray logits = a.get(VolumeRadioGraph.OUTPUTS[k]);
                assertClose("train/" + LOGITS[k], logits, model("train/" + LOGITS[k]), 1e-4);
                INDArray ce = Nd4j.scalar(crossEntropy(logits, labels[k])).reshape(1);
                assertClose("train/" + CE[k], ce, model("train/" + CE[k]), 1e-4);
                total += w[k] * ce.getDouble(0);
            }
            assertClose("train/backbone_out", a.get(VolumeRadioGraph.BACKBONE), model("train/backbone_out"), 1e-4);
            for (Map.Entry<String, TorchWeightImporter.Target> e : TorchWeightImporter.targets(graph).entrySet()) {
                if (e.getKey().endsWith("running_mean") || e.getKey().endsWith("running_var")) {
                    INDArray running = graph.getLayer(e.getValue().layer()).getParam(e.getValue().param());
                    assertClose("train/bn_running_after_forward/" + e.getKey(), running,
                            model("train/bn_running_after_forward/" + e.getKey()), 1e-4);
                }
            }
            assertEquals(1.0, graph.getLayer("features.convbn.1").getParam(TorchBatchNormParams.COUNT).getDouble(0));

            // forward + backward from the same starting point
            graph.setParams(initial);
            double loss = net.computeGradients(volume, radio, labels);
            assertClose("train/loss_total (graph score)", Nd4j.scalar(loss).reshape(1), model("train/loss_total"), 1e-4);
            assertClose("train/loss_total (from logits)", Nd4j.scalar(total).reshape(1), model("train/loss_total"), 1e-4);
            Map<String, INDArray> g = net.meanGradients();
            for (String key : new String[] {"classifier1.1.weight", "classifier1.1.bias", "classifier2.1.weight",
                    "classifier2.1.bias", "classifier3.1.weight", "classifier3.1.bias", "radioFNN.features.0.weight",
                    "features.convbn.0.weight", "features.features.1.squeeze.weight",
                    "features.features.11.expand3x3.weight"}) {
                assertClose("train/grad/" + key, torchLayout(key, g.get(graphKey(key))), model("train/grad/" + key), 1e-4);
            }
            double stemBias = g.get("features.convbn.0_b").amaxNumber().doubleValue();
            System.out.printf("PARITY %-60s abs %.2e (tol 1e-04 absolute, true value 0)%n", "train/grad/features.convbn.0.bias",
                    stemBias);
            org.junit.jupiter.api.Assertions.assertTrue(stemBias < 1e-4, "stem bias grad " + stemBias);

            // one SGD Nesterov step, PyTorch's formulation
            Map<String, INDArray> before = Map.of("features.convbn.0.weight", param("features.convbn.0.weight").dup(),
                    "classifier3.1.weight", param("classifier3.1.weight").dup(), "classifier3.1.bias",
                    param("classifier3.1.bias").dup());
            TorchSgd.reference().step(graph, g);
            for (Map.Entry<String, INDArray> e : before.entrySet()) {
                INDArray after = param(e.getKey());
                assertClose("sgd_step/" + e.getKey(), after, model("sgd_step/" + e.getKey()), 1e-4);
                assertClose("sgd_step/" + e.getKey() + ".delta", after.sub(e.getValue()),
                        model("sgd_step/" + e.getKey() + ".delta"), 1e-4);
            }
        } finally {
            graph.setParams(initial);
        }
    }

    private INDArray param(String torchKey) {
        return torchLayout(torchKey, net.graph().getParam(graphKey(torchKey)));
    }

    private static String graphKey(String torchKey) {
        int at = torchKey.lastIndexOf('.');
        return torchKey.substring(0, at) + (torchKey.endsWith(".weight") ? "_W" : "_b");
    }

    /** DL4J's Linear weight [in, out] as PyTorch's [out, in]; everything else is already in PyTorch's layout. */
    private static INDArray torchLayout(String torchKey, INDArray a) {
        boolean linear = torchKey.startsWith("classifier") && !torchKey.contains("_") || torchKey.startsWith("radioFNN");
        return linear && torchKey.endsWith(".weight") ? a.transpose() : a;
    }

    private static double crossEntropy(INDArray logits, int[] y) {
        INDArray z = logits.castTo(DataType.DOUBLE);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            INDArray row = z.getRow(i);
            double max = row.maxNumber().doubleValue();
            double lse = max + Math.log(Transforms.exp(row.sub(max)).sumNumber().doubleValue());
            sum += lse - row.getDouble(y[i]);
        }
        return sum / y.length;
    }

    private static INDArray sample0(INDArray a) {
        return a.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all());
    }

    /** [mean, mean of squares, min, max] per (sample, channel), in float64. */
    private static INDArray channelStats(INDArray a) {
        INDArray d = a.castTo(DataType.DOUBLE);
        INDArray out = Nd4j.create(DataType.DOUBLE, a.size(0), a.size(1), 4);
        out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0)).assign(d.mean(2, 3, 4));
        out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(1)).assign(d.mul(d).mean(2, 3, 4));
        out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(2)).assign(d.min(2, 3, 4));
        out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(3)).assign(d.max(2, 3, 4));
        return out;
    }

    private static int[] ints(INDArray a) {
        int[] r = new int[(int) a.length()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (int) a.getDouble(i);
        }
        return r;
    }
}
