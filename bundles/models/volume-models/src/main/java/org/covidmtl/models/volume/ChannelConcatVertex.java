package org.covidmtl.models.volume;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** {@link ChannelConcat} at work: forward writes each input into its channel slab; backward copies the slabs out. */
public class ChannelConcatVertex extends BaseGraphVertex {

    private static final long serialVersionUID = 1L;

    private long[] channels;

    public ChannelConcatVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        super(graph, name, vertexIndex, null, null, dataType);
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("ChannelConcat " + vertexName + ": inputs not set");
        }
        return concat(workspaceMgr, inputs.length);
    }

    /** The first {@code parts} inputs written one after the other along the channel axis into a new activation. */
    protected INDArray concat(LayerWorkspaceMgr workspaceMgr, int parts) {
        long[] shape = inputs[0].shape().clone();
        channels = new long[parts];
        long total = 0;
        for (int i = 0; i < parts; i++) {
            channels[i] = inputs[i].size(1);
            total += channels[i];
        }
        shape[1] = total;
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, shape, 'c');
        long at = 0;
        for (int i = 0; i < parts; i++) {
            out.get(slab(shape.length, at, at + channels[i])).assign(inputs[i]);
            at += channels[i];
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("ChannelConcat " + vertexName + ": epsilon not set");
        }
        INDArray[] out = new INDArray[channels.length];
        long at = 0;
        for (int i = 0; i < channels.length; i++) {
            out[i] = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon.get(slab(epsilon.rank(), at, at + channels[i])),
                    'c');
            at += channels[i];
        }
        return new Pair<>(null, out);
    }

    private static INDArrayIndex[] slab(int rank, long from, long to) {
        INDArrayIndex[] idx = new INDArrayIndex[rank];
        for (int d = 0; d < rank; d++) {
            idx[d] = NDArrayIndex.all();
        }
        idx[1] = NDArrayIndex.interval(from, to);
        return idx;
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("ChannelConcat has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
            int minibatchSize) {
        return new Pair<>(null, currentMaskState);
    }

    @Override
    public String toString() {
        return "ChannelConcatVertex(" + vertexName + ")";
    }
}
