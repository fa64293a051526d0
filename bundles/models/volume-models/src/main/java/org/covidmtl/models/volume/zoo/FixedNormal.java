package org.covidmtl.models.volume.zoo;

import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** N(0, std²) whatever the fans: SlowFast's {@code fc_init_std} (DeCoVNet's linear layers, std 0.01). */
public final class FixedNormal implements IWeightInit {

    private static final long serialVersionUID = 1L;

    private double std = 0.01;

    public FixedNormal() {
        // for DL4J's configuration cloning / JSON
    }

    public FixedNormal(double std) {
        this.std = std;
    }

    public double getStd() {
        return std;
    }

    public void setStd(double std) {
        this.std = std;
    }

    @Override
    public INDArray init(double fanIn, double fanOut, long[] shape, char order, INDArray paramView) {
        Nd4j.randn(paramView).muli(std);
        return paramView.reshape(order, shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FixedNormal f && f.std == std;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(std);
    }

    @Override
    public String toString() {
        return "FixedNormal(" + std + ")";
    }
}
