package org.covidmtl.models.volume.zoo;

import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch's {@code kaiming_normal_(w, mode, nonlinearity='relu')}: N(0, 2 / fan) with the fan taken from the
 * weight's own shape as PyTorch does (a Conv3d weight [out, in, kD, kH, kW]: fan_in = in·kD·kH·kW,
 * fan_out = out·kD·kH·kW; a DL4J dense weight [in, out]: fan_in = in, fan_out = out). DL4J's own fan-out of a
 * convolution divides by the stride product (Theano convention), so it cannot be used for {@code mode='fan_out'}.
 */
public final class KaimingNormal implements IWeightInit {

    private static final long serialVersionUID = 1L;

    private boolean fanOut;

    public KaimingNormal() {
        // for DL4J's configuration cloning / JSON
    }

    /** @param fanOut true: {@code mode='fan_out'} (SqueezeNet3D, COVID-MTL, DeCoVNet); false: {@code 'fan_in'} (ResNet3D) */
    public KaimingNormal(boolean fanOut) {
        this.fanOut = fanOut;
    }

    public boolean isFanOut() {
        return fanOut;
    }

    public void setFanOut(boolean fanOut) {
        this.fanOut = fanOut;
    }

    /** The fan PyTorch uses for a weight of this (DL4J) shape. */
    static long fan(long[] shape, boolean fanOut) {
        if (shape.length == 2) { // DL4J dense [nIn, nOut]
            return fanOut ? shape[1] : shape[0];
        }
        long receptive = 1;
        for (int d = 2; d < shape.length; d++) {
            receptive *= shape[d];
        }
        return (fanOut ? shape[0] : shape[1]) * receptive;
    }

    @Override
    public INDArray init(double dl4jFanIn, double dl4jFanOut, long[] shape, char order, INDArray paramView) {
        double std = Math.sqrt(2.0 / fan(shape, fanOut));
        Nd4j.randn(paramView).muli(std);
        return paramView.reshape(order, shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KaimingNormal k && k.fanOut == fanOut;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(fanOut) + 31;
    }

    @Override
    public String toString() {
        return "KaimingNormal(" + (fanOut ? "fan_out" : "fan_in") + ")";
    }
}
