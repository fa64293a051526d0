package org.covidmtl.models.volume;

import java.util.HashMap;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch's {@code torch.optim.SGD} (dampening 0) applied to a graph's trained parameters:
 * d = g + wd·p; buf = d on the first step, else μ·buf + d; p −= lr·(d + μ·buf) with Nesterov, lr·buf without.
 * Weight decay applies to every trained parameter, biases and BN γ/β included; the BN running statistics
 * are state and are skipped. DL4J's {@code Nesterovs} updater uses another formulation (its velocity
 * v = μ·v − lr·g, update μ²·v<sub>old</sub> − (1 + μ)·lr·g … applied as p −= update, with L2 added separately), so
 * PyTorch's is done here.
 */
public final class TorchSgd {

    /** Per thread: parameter, step and momentum values of the float path. */
    private static final ThreadLocal<float[][]> FLOAT_WORK = ThreadLocal.withInitial(() -> new float[][] {
        new float[0], new float[0], new float[0]});

    private final double momentum;
    private final double weightDecay;
    private final boolean nesterov;
    private final Map<String, INDArray> buffers = new HashMap<>();
    private double learningRate;
    private java.util.Set<String> frozenLayers = java.util.Set.of();

    public TorchSgd(double learningRate, double momentum, double weightDecay, boolean nesterov) {
        if (nesterov && momentum <= 0) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum > 0");
        }
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    /** The reference's optimiser: lr 0.005, momentum 0.9, Nesterov, weight decay 5e-5. */
    public static TorchSgd reference() {
        return new TorchSgd(0.005, 0.9, 5e-5, true);
    }

    public void learningRate(double lr) {
        this.learningRate = lr;
    }

    public double learningRate() {
        return learningRate;
    }

    /**
     * The momentum buffers (PyTorch's {@code momentum_buffer}) by parameter key, live; empty before the first
     * step.
     */
    public Map<String, INDArray> buffers() {
        return java.util.Collections.unmodifiableMap(buffers);
    }

    /** Replaces the momentum buffers (resuming from a checkpoint); copies are kept. */
    public void buffers(Map<String, INDArray> b) {
        buffers.clear();
        b.forEach((k, v) -> buffers.put(k, v.dup()));
    }

    /** Layers left as they are by {@link #step} (transfer learning with a frozen trunk). */
    public void freeze(java.util.Set<String> layers) {
        this.frozenLayers = java.util.Set.copyOf(layers);
    }

    /**
     * One step with {@code gradients} (mean over the batch, keyed as {@code graph.paramTable()}). Each parameter array
     * is read once, updated in Java and written back in place (before: about eight ND4J ops and four temporaries per
     * array); a float network's in float operations, which round after each operation as ND4J's float ops do, in the
     * order of the formula above, so the result is the ND4J ops' result bit for bit.
     */
    public void step(ComputationGraph graph, Map<String, INDArray> gradients) {
        step(graph, gradients, 1);
    }

    /**
     * {@link #step(ComputationGraph, Map)} with {@code gradients} the sums over a batch of {@code batch} samples (DL4J
     * keeps sums): each is divided by {@code batch} first, one division rounded to the parameters' type as
     * {@code g.div(batch)} is, without a copy of the gradients.
     */
    public void step(ComputationGraph graph, Map<String, INDArray> gradients, long batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch of " + batch + " samples");
        }
        for (Map.Entry<String, INDArray> e : graph.paramTable().entrySet()) {
            String key = e.getKey();
            if (!trained(graph, key) || frozenLayers.contains(key.substring(0, key.lastIndexOf('_')))) {
                continue;
            }
            INDArray g = gradients.get(key);
            if (g == null) {
                throw new IllegalStateException("no gradient for parameter " + key);
            }
            INDArray p = e.getValue();
            if (g.length() != p.length()) {
                throw new IllegalStateException("gradient of " + key + " has " + g.length() + " values, the parameter "
                        + p.length());
            }
            DataType type = p.dataType();
            if (type != DataType.FLOAT && type != DataType.DOUBLE) {
                throw new IllegalStateException(key + ": float or double parameters only, not " + type);
            }
            int n = Math.toIntExact(p.length());
            INDArray gc = ChannelKernels.direct(g.dataType() == type ? g : g.castTo(type));
            INDArray buf = buffers.get(key);
            if (buf != null && buf.length() != n) {
                throw new IllegalStateException("momentum buffer of " + key + " has " + buf.length()
                        + " values, the parameter " + n);
            }
            buf = buf == null ? null : ChannelKernels.direct(buf);
            INDArray pc = ChannelKernels.direct(p); // a parameter is a contiguous piece of the flat vector: in place
            INDArray newBuf = momentum == 0 ? null : buf != null ? buf : Nd4j.create(type, p.shape(), 'c');
            if (type == DataType.FLOAT) {
                stepFloats(pc, gc, buf, newBuf, n, batch);
            } else {
                stepDoubles(pc, gc, buf, newBuf, n, batch);
            }
            if (newBuf != null) {
                buffers.put(key, newBuf);
            }
            if (pc != p) {
                p.assign(pc);
            }
        }
    }

    /**
     * The formula on floats, in place on {@code pc} (float operations one after the other, as the ND4J ops did
     * them); {@code buf} the momentum buffer (null on the first step), {@code newBuf} where it goes (null without
     * momentum).
     */
    private void stepFloats(INDArray pc, INDArray gc, INDArray buf, INDArray newBuf, int n, long batch) {
        float[][] w = FLOAT_WORK.get();
        if (w[0].length < n) {
            w[0] = new float[n];
            w[1] = new float[n];
            w[2] = new float[n];
        }
        float[] pv = w[0];
        float[] d = w[1];
        float[] b = w[2];
        ChannelKernels.readRange(pc, 0, pv, 0, n);
        ChannelKernels.readRange(gc, 0, d, 0, n);
        if (batch != 1) {
            float count = batch;
            for (int i = 0; i < n; i++) {
                d[i] = d[i] / count;
            }
        }
        float wd = (float) weightDecay;
        float mu = (float) momentum;
        float lr = (float) learningRate;
        if (weightDecay != 0) {
            for (int i = 0; i < n; i++) {
                d[i] = d[i] + pv[i] * wd;
            }
        }
        float[] step = d;
        if (newBuf != null) {
            if (buf == null) {
                System.arraycopy(d, 0, b, 0, n);
            } else {
                ChannelKernels.readRange(buf, 0, b, 0, n);
                for (int i = 0; i < n; i++) {
                    b[i] = b[i] * mu + d[i];
                }
            }
            ChannelKernels.writeRange(newBuf, 0, b, 0, n);
            if (nesterov) {
                for (int i = 0; i < n; i++) {
                    d[i] = d[i] + b[i] * mu;
                }
            } else {
                step = b;
            }
        }
        for (int i = 0; i < n; i++) {
            pv[i] = pv[i] + step[i] * -lr; // p − step·lr: the same roundings with −lr
        }
        ChannelKernels.writeRange(pc, 0, pv, 0, n);
    }

    /** {@link #stepFloats} on doubles. */
    private void stepDoubles(INDArray pc, INDArray gc, INDArray buf, INDArray newBuf, int n, long batch) {
        double[] pv = new double[n];
        double[] d = new double[n];
        ChannelKernels.readRange(pc, 0, pv, n);
        ChannelKernels.readRange(gc, 0, d, n);
        if (batch != 1) {
            for (int i = 0; i < n; i++) {
                d[i] = d[i] / batch;
            }
        }
        if (weightDecay != 0) {
            for (int i = 0; i < n; i++) {
                d[i] = d[i] + pv[i] * weightDecay;
            }
        }
        double[] step = d;
        if (newBuf != null) {
            double[] b;
            if (buf == null) {
                b = d.clone();
            } else {
                b = new double[n];
                ChannelKernels.readRange(buf, 0, b, n);
                for (int i = 0; i < n; i++) {
                    b[i] = b[i] * momentum + d[i];
                }
            }
            ChannelKernels.writeRange(newBuf, 0, b, n);
            if (nesterov) {
                for (int i = 0; i < n; i++) {
                    d[i] = d[i] + b[i] * momentum;
                }
            } else {
                step = b;
            }
        }
        for (int i = 0; i < n; i++) {
            pv[i] = pv[i] + step[i] * -learningRate;
        }
        ChannelKernels.writeRange(pc, 0, pv, n);
    }

    /** False for the running statistics of {@link TorchBatchNorm} layers. */
    static boolean trained(ComputationGraph graph, String paramKey) {
        int at = paramKey.lastIndexOf('_');
        String layer = paramKey.substring(0, at);
        String param = paramKey.substring(at + 1);
        return !(graph.getLayer(layer).conf().getLayer() instanceof TorchBatchNorm && TorchBatchNormParams.isState(param));
    }
}
