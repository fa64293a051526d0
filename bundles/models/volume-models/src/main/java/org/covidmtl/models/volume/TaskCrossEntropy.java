package org.covidmtl.models.volume;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * PyTorch's {@code CrossEntropyLoss} on logits (log-softmax inside, numerically stable), scaled by a task
 * weight w: the network's outputs stay logits. Score: w·mean over the batch of −log softmax(z)<sub>y</sub>;
 * gradient (DL4J convention: per example, the updater divides by the batch size): w·(softmax(z) − y).
 * Labels are one-hot rows; an optional per-example mask (N×1) excludes rows.
 */
public class TaskCrossEntropy implements ILossFunction {

    private static final long serialVersionUID = 1L;

    private double weight = 1.0;
    /** Unweighted mean CE over the unmasked rows of the last {@link #computeScore} (state of a run, not config). */
    private transient double lastLoss = Double.NaN;

    public TaskCrossEntropy() {
    }

    public TaskCrossEntropy(double weight) {
        this.weight = weight;
    }

    public double weight() {
        return weight;
    }

    public void weight(double w) {
        this.weight = w;
    }

    /**
     * The raw (unweighted) cross-entropy of the last score computation: mean over the rows the mask keeps (all
     * rows without a mask); 0 when the mask keeps none.
     */
    public double lastLoss() {
        return lastLoss;
    }

    private INDArray logits(INDArray preOutput, IActivation fn) {
        return fn.getActivation(preOutput.dup(), true);
    }

    private static INDArray logSoftmax(INDArray z) {
        INDArray shifted = z.subColumnVector(z.max(true, 1));
        INDArray lse = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        return shifted.subiColumnVector(lse);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray nll = logSoftmax(logits(preOutput, activationFn)).muli(labels).sum(true, 1).negi().muli(weight);
        if (mask != null) {
            nll.muli(mask.reshape(nll.shape()));
        }
        return nll;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean average) {
        INDArray nll = logSoftmax(logits(preOutput, activationFn)).muli(labels).sum(true, 1).negi();
        double rows = labels.size(0);
        if (mask != null) {
            nll.muli(mask.reshape(nll.shape()));
            rows = mask.sumNumber().doubleValue();
        }
        double raw = nll.sumNumber().doubleValue();
        lastLoss = rows > 0 ? raw / rows : 0;
        double sum = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return average ? sum / labels.size(0) : sum;
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray p = Transforms.exp(logSoftmax(logits(preOutput, activationFn)), false);
        INDArray dz = p.subi(labels).muli(weight);
        if (mask != null) {
            dz.muliColumnVector(mask.reshape(mask.length(), 1).castTo(dz.dataType()));
        }
        return activationFn.backprop(preOutput.dup(), dz).getFirst();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
            IActivation activationFn, INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "TaskCrossEntropy(w=" + weight + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
