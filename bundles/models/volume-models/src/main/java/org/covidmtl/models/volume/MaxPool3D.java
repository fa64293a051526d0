package org.covidmtl.models.volume;

import java.util.Collection;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.params.EmptyParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * PyTorch's {@code MaxPool3d(kernel_size=3, stride=2, padding=1)} (floor mode) on NCDHW activations, SqueezeNet3D's
 * pooling: each output takes the maximum over its 3×3×3 window, positions outside the input left out (−∞ padding).
 * Output size per axis ⌊(n − 1)/2⌋ + 1. Parameterless; {@link MaxPool3DLayer} does the work in Java, in separable
 * passes (DL4J's {@code Subsampling3DLayer} runs libnd4j's {@code maxpool3dnew} on oneDNN's plain-layout reference
 * kernel: a third of the CPU time of a VOLUME_RADIO inference pass, and again inside its backward pass).
 */
public class MaxPool3D extends NoParamLayer {

    private static final long serialVersionUID = 1L;

    public MaxPool3D() {
        // for DL4J's configuration cloning / JSON
    }

    public MaxPool3D(String name) {
        this.layerName = name;
    }

    /** Output length of an axis of input length n. */
    static int outputLength(long n) {
        return (int) ((n - 1) / 2 + 1);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        MaxPool3DLayer layer = new MaxPool3DLayer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return EmptyParamInitializer.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeConvolutional3D c)) {
            throw new IllegalArgumentException("MaxPool3D " + layerName + " needs 3-D convolutional input, got "
                    + inputType);
        }
        return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, outputLength(c.getDepth()),
                outputLength(c.getHeight()), outputLength(c.getWidth()), c.getChannels());
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        return new LayerMemoryReport.Builder(layerName, MaxPool3D.class, inputType, out)
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, out.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaxPool3D m && java.util.Objects.equals(m.layerName, layerName);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(layerName) * 31 + 7;
    }
}
