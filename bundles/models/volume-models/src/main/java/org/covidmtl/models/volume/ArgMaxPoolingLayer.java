package org.covidmtl.models.volume;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A parameterless Java max-pooling layer that records where each maximum came from (the zoo's adaptive pooling):
 * the arg-max of every output of the last forward pass that recorded them, kept for the backward pass, which adds
 * each output's gradient at its arg-max, and dropped by {@link #clear()}. ({@link MaxPool3DLayer} keeps nothing: its
 * backward pass finds the arg-maxes from the input.)
 *
 * @param <C> the layer's configuration
 */
public abstract class ArgMaxPoolingLayer<C extends org.deeplearning4j.nn.conf.layers.Layer> extends AbstractLayer<C> {

    private static final long serialVersionUID = 1L;

    /** Arg-max (flat index within its sample-channel volume) of every output of the last recording forward pass. */
    private transient int[] argmax;
    private transient long[] inputShape;

    protected ArgMaxPoolingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Keeps the arg-maxes of a forward pass ({@code null} when not training) and the input shape. */
    protected final void keep(int[] argmaxes, long[] shape) {
        argmax = argmaxes;
        inputShape = shape.clone();
    }

    /** The kept arg-maxes; an error naming the layer when no recording forward pass came before. */
    protected final int[] argmax() {
        if (argmax == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " " + layerId()
                    + ": backward without a training forward pass");
        }
        return argmax;
    }

    /** The input shape of the last forward pass. */
    protected final long[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public void clearNoiseWeightParams() {
        // no parameters
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clear() {
        super.clear();
        argmax = null;
        inputShape = null;
    }
}
