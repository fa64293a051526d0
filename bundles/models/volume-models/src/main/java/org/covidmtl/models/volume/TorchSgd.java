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
     * is updated in one Java pass (one copy of the parameters out and one back; before: about eight ND4J ops and four
     * temporaries per array), every step rounded to the array's type after each operation in the order of the
     * formula above, so the result is the ND4J ops' result bit for bit.
     */
    public void step(ComputationGraph graph, Map<String, INDArray> gradients) {
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
            boolean f32 = type == DataType.FLOAT;
            int n = Math.toIntExact(p.length());
            INDArray pc = p.dup('c');
            INDArray gc = ChannelKernels.direct(g.dataType() == type ? g : g.castTo(type));
            double[] pv = new double[n];
            double[] d = new double[n];
            ChannelKernels.readRange(pc, 0, pv, n);
            ChannelKernels.readRange(gc, 0, d, n);
            double wd = ChannelKernels.round(weightDecay, f32);
            double mu = ChannelKernels.round(momentum, f32);
            double lr = ChannelKernels.round(learningRate, f32);
            if (weightDecay != 0) {
                ChannelKernels.addScaled(d, pv, wd, n, f32);
            }
            double[] step = d;
            if (momentum != 0) {
                INDArray buf = buffers.get(key);
                double[] b;
                if (buf != null && buf.length() != n) {
                    throw new IllegalStateException("momentum buffer of " + key + " has " + buf.length()
                            + " values, the parameter " + n);
                }
                if (buf == null) {
                    b = d.clone();
                    buf = Nd4j.create(type, p.shape(), 'c');
                    buffers.put(key, buf);
                } else {
                    buf = ChannelKernels.direct(buf);
                    buffers.put(key, buf);
                    b = new double[n];
                    ChannelKernels.readRange(buf, 0, b, n);
                    ChannelKernels.scaleAdd(b, mu, d, n, f32);
                }
                ChannelKernels.writeRange(buf, 0, b, n);
                if (nesterov) {
                    ChannelKernels.addScaled(d, b, mu, n, f32);
                } else {
                    step = b;
                }
            }
            ChannelKernels.addScaled(pv, step, -lr, n, f32); // p − step·lr: the same roundings with −lr
            ChannelKernels.writeRange(pc, 0, pv, n);
            p.assign(pc);
        }
    }

    /** False for the running statistics of {@link TorchBatchNorm} layers. */
    static boolean trained(ComputationGraph graph, String paramKey) {
        int at = paramKey.lastIndexOf('_');
        String layer = paramKey.substring(0, at);
        String param = paramKey.substring(at + 1);
        return !(graph.getLayer(layer).conf().getLayer() instanceof TorchBatchNorm && TorchBatchNormParams.isState(param));
    }
}
