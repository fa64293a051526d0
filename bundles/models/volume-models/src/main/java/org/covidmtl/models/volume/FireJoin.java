package org.covidmtl.models.volume;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The end of a Fire module at inference, in one vertex: ReLU(concat(expand1x1, expand3x3) [+ bypass]). Inputs: the
 * two expand outputs, then the module's input when it has a bypass. The concat is written once, the bypass added
 * and the ReLU applied in place, where the training graph has a concat, an element-wise sum into a new array and a
 * ReLU layer that copies. Inference only ({@link VolumeRadioGraph#buildFolded}): it has no backward pass.
 */
public class FireJoin extends ChannelConcat {

    private static final long serialVersionUID = 1L;

    private boolean bypass;

    public FireJoin(boolean bypass) {
        this.bypass = bypass;
    }

    protected FireJoin() {
        // for DL4J's configuration cloning / JSON
    }

    /** True: a third input, the module's input, is added before the ReLU. */
    public boolean isBypass() {
        return bypass;
    }

    public void setBypass(boolean bypass) {
        this.bypass = bypass;
    }

    @Override
    public FireJoin clone() {
        return new FireJoin(bypass);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FireJoin f && f.bypass == bypass;
    }

    @Override
    public int hashCode() {
        return 31 * FireJoin.class.hashCode() + Boolean.hashCode(bypass);
    }

    @Override
    public int minVertexInputs() {
        return bypass ? 3 : 2;
    }

    @Override
    public int maxVertexInputs() {
        return minVertexInputs();
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new FireJoinVertex(graph, name, idx, networkDatatype, bypass);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... in) throws InvalidInputTypeException {
        return super.getOutputType(layerIndex, in[0], in[1]);
    }
}
