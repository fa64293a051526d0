package org.covidmtl.models.volume;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * ReLU as PyTorch's {@code nn.ReLU} on activations of any shape, computed by {@link ReluLayer}: the forward pass is
 * the op DL4J's {@code ActivationLayer} runs (one pass into a new array, no copy first), the backward pass passes the
 * gradient where the input is not ≤ 0 (PyTorch's {@code threshold_backward}: a NaN input passes it, where DL4J's
 * {@code relu_bp} stops it). DL4J's layer copied the input before each pass and ran its backward pass through a
 * per-element function call: 20–28 ms of the 322–378 ms that {@code bench/deep-learning/LayerTimes.java} measured for
 * all layers of a small-row training step before this layer.
 */
public class Relu extends ParameterlessLayer {

    private static final long serialVersionUID = 1L;

    public Relu() {
        // for DL4J's configuration cloning / JSON
    }

    public Relu(String name) {
        super(name);
    }

    @Override
    protected org.deeplearning4j.nn.api.Layer create(NeuralNetConfiguration conf, DataType networkDataType) {
        return new ReluLayer(conf, networkDataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }
}
