package org.covidmtl.models.volume;

import java.util.Collection;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J {@link Convolution3D} (NCDHW, Truncate; parameters, initialisation and weight layout [out, in, kD, kH, kW]
 * unchanged, so the importer and the artifacts see no difference) computed by {@link FastConvolution3DLayer} in
 * one of two ways:
 * <ul>
 * <li>{@code columns = true}: the backward pass as matrix products (ND4J {@code gemm}) on column matrices built in
 * Java. For the stem (1 input channel, stride 2), whose libnd4j {@code conv3dnew_bp} took about 1.6 s of a
 * 2×64×80×80 training step (0.4 GFLOP/s);</li>
 * <li>{@code columns = false}: libnd4j's {@code conv3dnew_bp} backward as DL4J calls it, but without DL4J's
 * recomputation of the whole forward convolution inside the backward pass when the activation is the identity
 * (its derivative needs no pre-activation).</li>
 * </ul>
 * The forward pass is libnd4j's {@code conv3dnew} (oneDNN) as DL4J calls it, with the weights in their own layout.
 * With {@code inputGradient = false} (a convolution on the
 * network's input, as PyTorch leaves out the gradient of an input that does not require one) the backward pass
 * computes the weight and bias gradients only and hands DL4J no input gradient.
 */
public class FastConvolution3D extends Convolution3D {

    private static final long serialVersionUID = 1L;

    private boolean columns;
    /** True unless the layer's input is the network's input, whose gradient nobody uses. */
    private boolean inputGradient = true;

    public FastConvolution3D(Convolution3D.Builder builder, boolean columns) {
        this(builder, columns, true);
    }

    public FastConvolution3D(Convolution3D.Builder builder, boolean columns, boolean inputGradient) {
        super(builder);
        this.columns = columns;
        this.inputGradient = inputGradient;
    }

    protected FastConvolution3D() {
        // for DL4J's configuration cloning / JSON
    }

    /** True: Java columns + gemm; false: libnd4j's ops without the forward recomputation. */
    public boolean isColumns() {
        return columns;
    }

    public void setColumns(boolean columns) {
        this.columns = columns;
    }

    /** False: the backward pass leaves out the input gradient (returns none). */
    public boolean isInputGradient() {
        return inputGradient;
    }

    public void setInputGradient(boolean inputGradient) {
        this.inputGradient = inputGradient;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new FastConvolution3DLayer(conf, networkDataType), conf, listeners, layerIndex,
                layerParamsView, initializeParams);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FastConvolution3D f && f.columns == columns && f.inputGradient == inputGradient
                && super.equals(o);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * super.hashCode() + Boolean.hashCode(columns)) + Boolean.hashCode(inputGradient);
    }
}
