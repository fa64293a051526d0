package org.covidmtl.models.volume;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * PyTorch's {@code MaxPool3d(kernel_size=3, stride=2, padding=1)} (floor mode) on NCDHW activations, SqueezeNet3D's
 * pooling: each output takes the maximum over its 3×3×3 window, positions outside the input left out (−∞ padding).
 * Output size per axis ⌊(n − 1)/2⌋ + 1. Parameterless; {@link MaxPool3DLayer} does the work in Java, in separable
 * passes (DL4J's {@code Subsampling3DLayer} runs libnd4j's {@code maxpool3dnew} on oneDNN's plain-layout reference
 * kernel: a third of the CPU time of a VOLUME_RADIO inference pass, and again inside its backward pass).
 */
public class MaxPool3D extends ParameterlessLayer {

    private static final long serialVersionUID = 1L;

    public MaxPool3D() {
        // for DL4J's configuration cloning / JSON
    }

    public MaxPool3D(String name) {
        super(name);
    }

    /** Output length of an axis of input length n. */
    static int outputLength(long n) {
        return (int) ((n - 1) / 2 + 1);
    }

    @Override
    protected org.deeplearning4j.nn.api.Layer create(NeuralNetConfiguration conf, DataType networkDataType) {
        return new MaxPool3DLayer(conf, networkDataType);
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
}
