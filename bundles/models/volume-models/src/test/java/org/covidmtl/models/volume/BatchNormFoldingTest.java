package org.covidmtl.models.volume;

import static org.covidmtl.models.volume.Fixtures.assertClose;
import static org.covidmtl.models.volume.Fixtures.model;
import static org.covidmtl.models.volume.Fixtures.relError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inference with the batch norms folded into the convolutions ({@link BatchNormFolding}), on the reference's
 * trained weights (real running statistics): against the PyTorch fixture's eval logits and against the graph's own
 * layer-by-layer inference, after training changed the weights and statistics, and with a graph that does not fit.
 */
class BatchNormFoldingTest {

    private static final String[] LOGITS = {"task0_ct_logits", "task1_nat_logits", "task2_severity_logits"};

    private static VolumeRadioConfig config() {
        return VolumeRadioConfig.reference(64, 80).withDropout(0).withShift3d(null).withTaskWeights(0.5, 0.3, 0.2);
    }

    private static VolumeRadioNetwork fixtureNetwork() {
        VolumeRadioNetwork net = new VolumeRadioNetwork(config());
        TorchWeightImporter.load(net.graph(), Fixtures.MODEL.resolve("weights"));
        return net;
    }

    @Test
    void theFoldedGraphHasNoBatchNormAndReluConvolutions() {
        ComputationGraph folded = VolumeRadioGraph.buildFolded(config());
        ComputationGraph full = VolumeRadioGraph.build(config());
        long norms = Arrays.stream(full.getLayers()).filter(l -> l instanceof TorchBatchNormLayer).count();
        assertEquals(1 + 3 * 8, norms); // stem + three per Fire module
        assertEquals(0, Arrays.stream(folded.getLayers()).filter(l -> l instanceof TorchBatchNormLayer).count());
        // the stem's and every squeeze's ReLU are the convolution's activation; each Fire ends in a FireJoin
        for (String conv : new String[] {"features.convbn.0", "features.features.1.squeeze",
            "features.features.11.squeeze"}) {
            Layer l = folded.getLayer(conv);
            assertTrue(l.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.Convolution3D c
                    && c.getActivationFn() instanceof ActivationReLU, conv);
        }
        // 25 BNs and 9 ReLU layers folded into convolutions, 8 Fire-end ReLU layers into FireJoin vertices
        assertEquals(full.getLayers().length - 25 - 9 - 8, folded.getLayers().length);
        assertEquals(8, Arrays.stream(folded.getVertices()).filter(v -> v instanceof FireJoinVertex).count());
    }

    @Test
    void foldedLogitsMatchPyTorchAndTheLayerByLayerGraph() {
        VolumeRadioNetwork net = fixtureNetwork();
        INDArray volume = model("input_volume");
        INDArray radio = model("input_radio");
        INDArray[] folded = assertFoldedMatchesLayerByLayer(net, volume, radio, "");
        for (int k = 0; k < 3; k++) {
            assertClose("folded eval/" + LOGITS[k], folded[k], model("eval/" + LOGITS[k]), 1e-4);
        }
    }

    @Test
    void theFoldedGraphFollowsTraining() {
        VolumeRadioNetwork net = fixtureNetwork();
        INDArray volume = model("input_volume");
        INDArray radio = model("input_radio");
        INDArray[] before = net.logits(volume, radio);
        int n = (int) volume.size(0);
        int[][] labels = {new int[n], new int[n], new int[n]};
        TorchSgd sgd = new TorchSgd(0.05, 0.9, 5e-5, true);
        for (int i = 0; i < 2; i++) {
            net.trainStep(volume, radio, labels, sgd); // new weights and BN running statistics
        }
        INDArray[] after = assertFoldedMatchesLayerByLayer(net, volume, radio, " after training");
        for (int k = 0; k < 3; k++) {
            assertTrue(relError(after[k], before[k]) > 1e-3, "training must have changed task " + k);
        }
    }

    /** The folded logits, asserted within 1e-5 of the layer-by-layer graph's for every task. */
    private static INDArray[] assertFoldedMatchesLayerByLayer(VolumeRadioNetwork net, INDArray volume, INDArray radio,
            String when) {
        INDArray[] folded = net.logits(volume, radio);
        INDArray[] layered = net.unfoldedLogits(volume, radio);
        for (int k = 0; k < 3; k++) {
            assertClose("folded vs layer by layer" + when + ", task " + k, folded[k], layered[k], 1e-5);
        }
        return folded;
    }

    @Test
    void aParameterChangedThroughTheGraphIsSeen() {
        VolumeRadioNetwork net = fixtureNetwork();
        INDArray volume = model("input_volume");
        INDArray radio = model("input_radio");
        INDArray before = net.logits(volume, radio)[0].dup();
        net.graph().getLayer(VolumeRadioGraph.OUTPUTS[0]).getParam("b").addi(1.0);
        assertClose("task 0 after its output bias grew by 1", net.logits(volume, radio)[0], before.add(1.0), 1e-6);
    }

    @Test
    void aGraphThatDoesNotFitIsRefusedNamingTheLayer() {
        VolumeRadioNetwork net = fixtureNetwork();
        VolumeRadioConfig other = new VolumeRadioConfig(64, 80, 375, new int[] {2, 2, 4}, new double[] {1, 1, 1}, 0,
                null, 0, config().dataType());
        BatchNormFolding folding = new BatchNormFolding(VolumeRadioGraph.buildFolded(other));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> folding.refresh(net.graph()));
        assertTrue(e.getMessage().contains("classifier3.1"), e.getMessage());
    }
}
