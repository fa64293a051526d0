package org.covidmtl.models.volume;

import java.util.Arrays;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.MemoryWorkspaceManager;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference with every batch norm folded into the convolution before it. In evaluation mode a batch norm is, per
 * channel k, the affine map y = (x − μ<sub>k</sub>)·s<sub>k</sub> + β<sub>k</sub> with s<sub>k</sub> =
 * γ<sub>k</sub>/√(σ²<sub>k</sub> + ε) and the running statistics μ, σ²; after a convolution with weights W and bias b
 * it is the convolution with weights W<sub>k</sub>·s<sub>k</sub> and bias (b<sub>k</sub> − μ<sub>k</sub>)·s<sub>k</sub>
 * + β<sub>k</sub>. So the folded graph ({@link VolumeRadioGraph#buildFolded}) makes no pass over an activation for
 * a batch norm, and a ReLU right after one becomes the convolution's own activation (in place, no copy). At the
 * paper's input size the stem's activation alone is 400 MB, and each such pass cost about as much as a convolution.
 * <p>
 * The folded graph is filled from the trained graph before every call ({@link #refresh}): folded where the trained
 * graph has a convolution whose only consumer is a {@link TorchBatchNormLayer}, copied otherwise (matched by layer
 * name). Its parameters are a few million values against one volume's tens of millions per layer, so it is never
 * stale and costs little. The results equal the trained graph's own inference within float rounding (the folded
 * weights are computed in double and rounded once).
 * <p>
 * <p>
 * <b>Workspaces.</b> DL4J's inference keeps each layer's activation in one of a pool of per-thread workspaces named
 * {@code WS_LAYER_ACT_<n>}, whose size it learns over as many cycles as the graph has vertices; each workspace hosts
 * only a few vertices per pass, so for the first several passes every activation spills to plain allocations (for
 * a full-size volume, gigabytes of freshly mapped memory per pass). Before each call this class creates those
 * workspaces on the calling thread, where they do not exist yet, with DL4J's policies but learning without end
 * ({@link #LEARNING}: the first pass runs as before), and replaces each one that has learnt a size larger than it
 * has by one of that size ({@link #sized}): from the second pass on, the activations live in memory that is already
 * mapped, and a workspace still grows at the end of any cycle that spilled. (ND4J returns an existing workspace by
 * name whatever configuration is asked for, so DL4J then uses these.)
 * <p>
 * Not thread-safe: callers serialise calls on one instance (as they do for the trained graph).
 */
final class BatchNormFolding {

    /** How many of DL4J's per-layer inference workspaces are created ahead (VOLUME_RADIO uses fewer). */
    static final int WORKSPACES = 16;

    /** DL4J's per-layer activation workspace name, {@code WS_LAYER_ACT_} + index (DL4J 1.0.0-M2.1). */
    static final String WORKSPACE_PREFIX = "WS_LAYER_ACT_";

    /** DL4J's {@code WS_LAYER_ACT_X_CONFIG}, but never sizing itself: it only learns its largest cycle. */
    static final WorkspaceConfiguration LEARNING = policies(0).cyclesBeforeInitialization(Integer.MAX_VALUE).build();

    /** DL4J's policies with {@code bytes} allocated at once, grown after any cycle that spilled. */
    static WorkspaceConfiguration sized(long bytes) {
        return policies(bytes).cyclesBeforeInitialization(1).build();
    }

    private static WorkspaceConfiguration.WorkspaceConfigurationBuilder policies(long initial) {
        return WorkspaceConfiguration.builder().initialSize(initial).overallocationLimit(0.02)
                .policyLearning(LearningPolicy.OVER_TIME).policyReset(ResetPolicy.BLOCK_LEFT)
                .policySpill(SpillPolicy.REALLOCATE).policyAllocation(AllocationPolicy.OVERALLOCATE);
    }

    private final ComputationGraph folded;

    BatchNormFolding(ComputationGraph folded) {
        this.folded = folded;
    }

    /** The trained graph's inference outputs (evaluation mode), computed by the folded graph. */
    INDArray[] output(ComputationGraph trained, INDArray... inputs) {
        refresh(trained);
        prepareWorkspaces();
        return folded.output(false, inputs);
    }

    /**
     * Creates DL4J's per-layer inference workspaces on this thread where missing ({@link #LEARNING}), and replaces
     * each that has learnt a larger size than it has by one of that size.
     */
    static void prepareWorkspaces() {
        MemoryWorkspaceManager manager = Nd4j.getWorkspaceManager();
        for (int i = 0; i < WORKSPACES; i++) {
            String id = WORKSPACE_PREFIX + i;
            MemoryWorkspace ws = manager.getWorkspaceForCurrentThread(LEARNING, id);
            long learnt = ws.getMaxCycleAllocations();
            if (ws.getCurrentSize() < learnt) {
                manager.destroyWorkspace(ws);
                manager.getWorkspaceForCurrentThread(sized(learnt), id);
            }
        }
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
