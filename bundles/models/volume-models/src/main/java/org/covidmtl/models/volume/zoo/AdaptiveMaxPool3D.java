package org.covidmtl.models.volume.zoo;

import java.util.Arrays;

import org.covidmtl.models.volume.ParameterlessLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * PyTorch's {@code AdaptiveMaxPool3d(output_size)} on NCDHW activations (DL4J has no adaptive pooling): output
 * cell i of an axis of input length n and output length o takes the maximum over
 * [⌊i·n/o⌋, ⌈(i+1)·n/o⌉). Windows may overlap (n not a multiple of o) and repeat (o &gt; n). Parameterless;
 * {@link AdaptiveMaxPool3DLayer} does the work.
 */
public class AdaptiveMaxPool3D extends ParameterlessLayer {

    private static final long serialVersionUID = 1L;

    private int[] outputSize = {1, 1, 1};

    public AdaptiveMaxPool3D() {
        // for DL4J's configuration cloning / JSON
    }

    /** @param outputSize D, H, W of the output */
    public AdaptiveMaxPool3D(String name, int... outputSize) {
        if (outputSize.length != 3 || Arrays.stream(outputSize).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("adaptive max pool needs 3 output sizes >= 1, got "
                    + Arrays.toString(outputSize));
        }
        this.layerName = name;
        this.outputSize = outputSize.clone();
    }

    public int[] getOutputSize() {
        return outputSize.clone();
    }

    public void setOutputSize(int[] outputSize) {
        this.outputSize = outputSize.clone();
    }

    /** Start (inclusive) of output cell i's window on an axis of n → o. */
    static int start(int i, int n, int o) {
        return (int) Math.floorDiv((long) i * n, o);
    }

    /** End (exclusive) of output cell i's window on an axis of n → o. */
    static int end(int i, int n, int o) {
        return (int) -Math.floorDiv(-(long) (i + 1) * n, o);
    }

    @Override
    protected org.deeplearning4j.nn.api.Layer create(NeuralNetConfiguration conf, DataType networkDataType) {
        return new AdaptiveMaxPool3DLayer(conf, networkDataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        // the activations are NCDHW whatever format the input type reports (DL4J 1.0.0-M2.1's 3-D pooling
        // reports NDHWC with the NCDHW sizes)
        if (!(inputType instanceof InputType.InputTypeConvolutional3D c)) {
            throw new IllegalArgumentException("AdaptiveMaxPool3D " + layerName + " needs 3-D convolutional input, got "
                    + inputType);
        }
        return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, outputSize[0], outputSize[1],
                outputSize[2], c.getChannels());
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        return new LayerMemoryReport.Builder(layerName, AdaptiveMaxPool3D.class, inputType, out)
                .standardMemory(0, 0)
                .workingMemory(0, 0, inputType.arrayElementsPerExample(), 2 * inputType.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdaptiveMaxPool3D a && Arrays.equals(a.outputSize, outputSize)
                && java.util.Objects.equals(a.layerName, layerName);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(outputSize) * 31 + java.util.Objects.hashCode(layerName);
    }
}
