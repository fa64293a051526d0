package org.covidmtl.models.volume;

import java.util.Arrays;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference with every batch norm folded into the convolution before it. In evaluation mode a batch norm is, per
 * channel k, the affine map y = (x − μ<sub>k</sub>)·s<sub>k</sub> + β<sub>k</sub> with s<sub>k</sub> =
 * γ<sub>k</sub>/√(σ²<sub>k</sub> + ε) and the running statistics μ, σ²; after a convolution with weights W and bias b
 * it is the convolution with weights W<sub>k</sub>·s<sub>k</sub> and bias (b<sub>k</sub> − μ<sub>k</sub>)·s<sub>k</sub>
 * + β<sub>k</sub>. So the folded graph ({@link VolumeRadioGraph#buildFolded}) makes no pass over an activation for
 * a batch norm, and a ReLU right after one becomes the convolution's own activation (in place, no copy). At the
 * paper's input size the stem's activation alone is 400 MB, and each such pass read and wrote all of it.
 * <p>
 * The folded graph is filled from the trained graph by {@link #refresh}: folded where the trained graph has a
 * convolution whose only consumer is a {@link TorchBatchNormLayer}, copied otherwise (matched by layer name). A
 * refresh copies every parameter (VOLUME_RADIO: 3.9 million), so callers refresh after the trained graph changed,
 * not before every call. The results equal the trained graph's own inference within float rounding (the folded
 * weights are computed in double and rounded once).
 * <p>
 * The call runs in {@link InferenceWorkspaces} (sized per-layer workspaces from the second call on).
 * <p>
 * Not thread-safe: callers serialise calls on one instance (as they do for the trained graph).
 */
final class BatchNormFolding {

    private final ComputationGraph folded;

    BatchNormFolding(ComputationGraph folded) {
        this.folded = folded;
    }

    /**
     * The inference outputs (evaluation mode) of the trained graph as of the last {@link #refresh}, computed by the
     * folded graph.
     */
    INDArray[] output(INDArray... inputs) {
        InferenceWorkspaces.prepare();
        return folded.output(false, inputs);
    }

    /** Folds or copies every parameter of the trained graph into the folded graph. */
    void refresh(ComputationGraph trained) {
        for (Layer target : folded.getLayers()) {
            String name = target.conf().getLayer().getLayerName();
            Layer source = trained.getLayer(name);
            if (source == null) {
                throw new IllegalStateException("folded graph: layer " + name + " is not in the trained graph");
            }
            TorchBatchNormLayer bn = batchNormAfter(trained, name);
            if (bn == null) {
                for (String key : target.paramTable().keySet()) {
                    copy(name, key, source.getParam(key), target.getParam(key));
                }
            } else {
                fold(name, source, bn, target);
            }
        }
    }

    /** The batch norm that is the only consumer of vertex {@code name}, or null. */
    private static TorchBatchNormLayer batchNormAfter(ComputationGraph g, String name) {
        VertexIndices[] out = g.getVertex(name).getOutputVertices();
        if (out == null || out.length != 1) {
            return null;
        }
        GraphVertex next = g.getVertices()[out[0].getVertexIndex()];
        return next.hasLayer() && next.getLayer() instanceof TorchBatchNormLayer bn ? bn : null;
    }

    private static void fold(String name, Layer conv, TorchBatchNormLayer bn, Layer target) {
        if (!(conv.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.Convolution3D c)
                || !(c.getActivationFn() instanceof ActivationIdentity)) {
            throw new IllegalStateException("folded graph: " + name + " is not a convolution without activation"
                    + " before its batch norm");
        }
        INDArray w = conv.getParam("W");
        int out = (int) w.size(0);
        double eps = ((TorchBatchNorm) bn.conf().getLayer()).eps();
        double[] gamma = ChannelKernels.vector(bn.getParam(TorchBatchNormParams.GAMMA));
        double[] beta = ChannelKernels.vector(bn.getParam(TorchBatchNormParams.BETA));
        double[] mean = ChannelKernels.vector(bn.getParam(TorchBatchNormParams.MEAN));
        double[] var = ChannelKernels.vector(bn.getParam(TorchBatchNormParams.VAR));
        double[] bias = c.hasBias() ? ChannelKernels.vector(conv.getParam("b")) : new double[out];
        double[] s = new double[out];
        double[] b = new double[out];
        for (int k = 0; k < out; k++) {
            s[k] = gamma[k] / Math.sqrt(var[k] + eps);
            b[k] = (bias[k] - mean[k]) * s[k] + beta[k];
        }
        INDArray scaled = w.castTo(DataType.DOUBLE).reshape('c', out, w.length() / out)
                .mulColumnVector(Nd4j.createFromArray(s).reshape(out, 1));
        copy(name, "W", scaled.reshape('c', w.shape()), target.getParam("W"));
        INDArray tb = target.getParam("b");
        copy(name, "b", Nd4j.createFromArray(b).reshape(tb.shape()), tb);
    }

    private static void copy(String name, String key, INDArray from, INDArray to) {
        if (from == null || !Arrays.equals(from.shape(), to.shape())) {
            throw new IllegalStateException("folded graph: parameter " + name + "_" + key + " is "
                    + (from == null ? "missing" : Arrays.toString(from.shape())) + " in the trained graph, "
                    + Arrays.toString(to.shape()) + " in the folded one");
        }
        to.assign(from.dataType() == to.dataType() ? from : from.castTo(to.dataType()));
    }
}
