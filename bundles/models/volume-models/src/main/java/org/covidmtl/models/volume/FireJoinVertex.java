package org.covidmtl.models.volume;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** {@link FireJoin} at work: the concat of {@link ChannelConcatVertex}, then [+ bypass] and ReLU in place. */
public class FireJoinVertex extends ChannelConcatVertex {

    private static final long serialVersionUID = 1L;

    private final boolean bypass;

    public FireJoinVertex(ComputationGraph graph, String name, int vertexIndex, DataType dataType, boolean bypass) {
        super(graph, name, vertexIndex, dataType);
        this.bypass = bypass;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (training) {
            throw new UnsupportedOperationException("FireJoin " + vertexName + " is for inference only");
        }
        INDArray out = concat(workspaceMgr, 2);
        if (bypass) {
            out.addi(inputs[2]);
        }
        return Transforms.relu(out, false);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException("FireJoin " + vertexName + " is for inference only");
    }

    @Override
    public String toString() {
        return "FireJoinVertex(" + vertexName + ", bypass " + bypass + ")";
    }
}
