package org.covidmtl.models.volume;

import java.util.HashMap;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

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

    /** One step with {@code gradients} (mean over the batch, keyed as {@code graph.paramTable()}). */
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
            INDArray d = g.reshape(p.shape()).dup();
            if (weightDecay != 0) {
                d.addi(p.mul(weightDecay));
            }
            INDArray step = d;
            if (momentum != 0) {
                INDArray buf = buffers.get(key);
                if (buf == null) {
                    buf = d.dup();
                    buffers.put(key, buf);
                } else {
                    buf.muli(momentum).addi(d);
                }
                step = nesterov ? d.addi(buf.mul(momentum)) : buf;
            }
            p.subi(step.mul(learningRate));
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
