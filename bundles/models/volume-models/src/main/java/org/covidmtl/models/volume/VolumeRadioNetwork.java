package org.covidmtl.models.volume;

import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * COVID-MTL VOLUME_RADIO: the {@link VolumeRadioGraph} with inference, gradients (mean over the batch, as
 * PyTorch) and a training step with {@link TorchSgd}.
 */
public final class VolumeRadioNetwork {

    private final VolumeRadioConfig config;
    private final ComputationGraph graph;
    private BatchNormFolding folding;
    /** True when the graph's parameters may have changed since the folded graph was filled. */
    private boolean foldStale = true;

    public VolumeRadioNetwork(VolumeRadioConfig config) {
        this.config = config;
        this.graph = VolumeRadioGraph.build(config);
    }

    public VolumeRadioConfig config() {
        return config;
    }

    /** The graph; the caller may change its parameters, so {@link #logits} refolds them on its next call. */
    public ComputationGraph graph() {
        foldStale = true;
        return graph;
    }

    /**
     * Inference (BN running statistics, no dropout, no Shift3D): the logits of the three tasks, computed with the
     * batch norms folded into the convolutions ({@link BatchNormFolding}; equal to {@link #unfoldedLogits} within
     * float rounding). The folded graph is refilled when the parameters may have changed: after a training pass
     * through this class or after {@link #graph()} was handed out.
     */
    public INDArray[] logits(INDArray volume, INDArray radio) {
        if (folding == null) {
            folding = new BatchNormFolding(VolumeRadioGraph.buildFolded(config));
        }
        if (foldStale) {
            folding.refresh(graph);
            foldStale = false;
        }
        return folding.output(cast(volume), cast(radio));
    }

    /** Inference by the graph itself, layer for layer as the reference (batch norms as separate passes). */
    public INDArray[] unfoldedLogits(INDArray volume, INDArray radio) {
        return graph.output(false, cast(volume), cast(radio));
    }

    /** Every vertex's activation of one forward pass, by vertex name; in training this updates BN running statistics. */
    public Map<String, INDArray> activations(INDArray volume, INDArray radio, boolean training) {
        foldStale |= training;
        return graph.feedForward(new INDArray[] {cast(volume), cast(radio)}, training, false);
    }

    /**
     * One training forward and backward pass (updates BN running statistics); returns the weighted total
     * loss Σ w<sub>k</sub>·CE<sub>k</sub>.
     */
    public double computeGradients(INDArray volume, INDArray radio, int[][] labels) {
        foldStale = true; // the training pass updates the batch norms' running statistics
        graph.setInputs(cast(volume), cast(radio));
        graph.setLabels(oneHot(labels));
        graph.computeGradientAndScore();
        return graph.score();
    }

    /** The gradients of the last {@link #computeGradients}, mean over the batch (DL4J keeps the sum), copies. */
    public Map<String, INDArray> meanGradients() {
        long n = graph.getInputs()[0].size(0);
        Map<String, INDArray> m = new LinkedHashMap<>();
        graph.gradient().gradientForVariable().forEach((k, g) -> m.put(k, g.div(n)));
        return m;
    }

    /** One training step: gradients, then {@code sgd}; returns the loss before the step. */
    public double trainStep(INDArray volume, INDArray radio, int[][] labels, TorchSgd sgd) {
        double loss = computeGradients(volume, radio, labels);
        sgd.step(graph, graph.gradient().gradientForVariable(), graph.getInputs()[0].size(0)); // = meanGradients()
        return loss;
    }

    /** One-hot label rows per task. */
    public INDArray[] oneHot(int[][] labels) {
        int[] classes = config.classes();
        if (labels.length != classes.length) {
            throw new IllegalArgumentException(labels.length + " label arrays for " + classes.length + " tasks");
        }
        INDArray[] out = new INDArray[classes.length];
        for (int k = 0; k < classes.length; k++) {
            out[k] = Nd4j.zeros(config.dataType(), labels[k].length, classes[k]);
            for (int i = 0; i < labels[k].length; i++) {
                if (labels[k][i] < 0 || labels[k][i] >= classes[k]) {
                    throw new IllegalArgumentException("task " + k + " row " + i + ": label " + labels[k][i]
                            + " outside 0.." + (classes[k] - 1));
                }
                out[k].putScalar(i, labels[k][i], 1.0);
            }
        }
        return out;
    }

    /** A data set of one batch for DL4J's own {@code fit}. */
    public MultiDataSet batch(INDArray volume, INDArray radio, int[][] labels) {
        return new MultiDataSet(new INDArray[] {cast(volume), cast(radio)}, oneHot(labels));
    }

    private INDArray cast(INDArray a) {
        return a.dataType() == config.dataType() ? a : a.castTo(config.dataType());
    }
}
