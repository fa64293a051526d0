package org.covidmtl.models.features;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The loss of one task head: wraps a DL4J loss (softmax cross-entropy by default) and multiplies its
 * gradient (and its contribution to the network score) by the task's current weight w<sub>k</sub> =
 * ∂total/∂L<sub>k</sub>, so that the whole network — head and shared trunk — receives w<sub>k</sub>·∇L<sub>k</sub>.
 * It records the raw (unweighted) loss of the last forward pass for the loss strategy.
 * <p>
 * The weight and the recorded loss are per-training-run state, not configuration: they are transient and
 * the trainer sets the weight before every iteration on the instance the network actually uses.
 */
public final class TaskScaledLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    private ILossFunction delegate;
    private transient volatile double weight = 1.0;
    private transient volatile double lastLoss = Double.NaN;

    /** Softmax cross-entropy (for JSON deserialisation of a network configuration). */
    public TaskScaledLoss() {
        this(new LossMCXENT());
    }

    public TaskScaledLoss(ILossFunction delegate) {
        this.delegate = delegate;
    }

    public ILossFunction getDelegate() {
        return delegate;
    }

    public void setDelegate(ILossFunction delegate) {
        this.delegate = delegate;
    }

    /** The weight of the coming iterations. */
    public void weight(double w) {
        if (!Double.isFinite(w)) {
            throw new IllegalArgumentException("task weight must be finite, is " + w);
        }
        this.weight = w;
    }

    public double weight() {
        return weight;
    }

    /** The raw (unweighted) loss of the last score computation, mean over the batch's rows. */
    public double lastLoss() {
        return lastLoss;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean average) {
        double raw = delegate.computeScore(labels, preOutput, activationFn, mask, average);
        // DL4J's output layers ask for the sum over the batch and divide by the batch size themselves
        lastLoss = average ? raw : raw / labels.size(0);
        return weight * raw;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return delegate.computeScoreArray(labels, preOutput, activationFn, mask).muli(weight);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return delegate.computeGradient(labels, preOutput, activationFn, mask).muli(weight);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
            IActivation activationFn, INDArray mask, boolean average) {
        Pair<Double, INDArray> p = delegate.computeGradientAndScore(labels, preOutput, activationFn, mask, average);
        lastLoss = average ? p.getFirst() : p.getFirst() / labels.size(0);
        return new Pair<>(weight * p.getFirst(), p.getSecond().muli(weight));
    }

    @Override
    public String name() {
        return "TaskScaled(" + delegate.name() + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
