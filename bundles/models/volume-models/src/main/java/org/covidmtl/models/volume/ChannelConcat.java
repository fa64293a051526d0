package org.covidmtl.models.volume;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Concatenation along the channel axis (1) of activations of any rank, 5-D included: DL4J's
 * {@code MergeVertex} concatenates 5-D activations forward but its backward pass fails on them
 * ("Invalid rank during forward pass (not 2, 3, 4)", DL4J 1.0.0-M2.1).
 */
public class ChannelConcat extends GraphVertex {

    private static final long serialVersionUID = 1L;

    @Override
    public ChannelConcat clone() {
        return new ChannelConcat();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelConcat;
    }

    @Override
    public int hashCode() {
        return ChannelConcat.class.hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return Integer.MAX_VALUE;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new ChannelConcatVertex(graph, name, idx, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... in) throws InvalidInputTypeException {
        if (in.length == 1) {
            return in[0];
        }
        if (in[0] instanceof InputType.InputTypeConvolutional3D first) {
            long channels = 0;
            for (InputType t : in) {
                if (!(t instanceof InputType.InputTypeConvolutional3D c) || c.getDepth() != first.getDepth()
                        || c.getHeight() != first.getHeight() || c.getWidth() != first.getWidth()) {
                    throw new InvalidInputTypeException("ChannelConcat: inputs differ in type or size: "
                            + java.util.Arrays.toString(in));
                }
                channels += c.getChannels();
            }
            return InputType.convolutional3D(first.getDataFormat(), first.getDepth(), first.getHeight(),
                    first.getWidth(), channels);
        }
        if (in[0] instanceof InputType.InputTypeFeedForward) {
            long size = 0;
            for (InputType t : in) {
                size += ((InputType.InputTypeFeedForward) t).getSize();
            }
            return InputType.feedForward(size);
        }
        throw new InvalidInputTypeException("ChannelConcat: unsupported input type " + in[0]);
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, ChannelConcat.class, inputTypes[0], out).standardMemory(0, 0)
                .workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }
}
