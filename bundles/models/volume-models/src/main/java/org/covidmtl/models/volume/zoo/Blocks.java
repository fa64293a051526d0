package org.covidmtl.models.volume.zoo;

import org.covidmtl.models.volume.ChannelConcat;
import org.covidmtl.models.volume.FastConvolution3D;
import org.covidmtl.models.volume.MaxPool3D;
import org.covidmtl.models.volume.Relu;
import org.covidmtl.models.volume.TaskCrossEntropy;
import org.covidmtl.models.volume.TorchBatchNorm;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

/**
 * Layer-adding helpers shared by the zoo's graph builders: PyTorch-convention layers named by their
 * {@code state_dict} module paths (so that {@link org.covidmtl.models.volume.TorchWeightImporter} maps them), with
 * the batch-norm ε/momentum and the convolution initialisation of the architecture being built. They mirror the
 * private helpers of {@link org.covidmtl.models.volume.VolumeRadioGraph}.
 */
final class Blocks {

    static final Convolution3D.DataFormat NCDHW = Convolution3D.DataFormat.NCDHW;

    private final GraphBuilder b;
    private final double bnEps;
    private final double bnMomentum;
    private final IWeightInit convInit;

    /**
     * @param convInit initialisation of every convolution weight (biases start at 0)
     */
    Blocks(GraphBuilder b, double bnEps, double bnMomentum, IWeightInit convInit) {
        this.b = b;
        this.bnEps = bnEps;
        this.bnMomentum = bnMomentum;
        this.convInit = convInit;
    }

    GraphBuilder graph() {
        return b;
    }

    /** Conv3d with a cubic kernel. */
    String conv(String name, int in, int out, int k, int stride, int pad, boolean bias, Activation act,
            double dropout, String input) {
        return conv(name, in, out, new int[] {k, k, k}, new int[] {stride, stride, stride}, new int[] {pad, pad, pad},
                bias, act, dropout, input);
    }

    /**
     * Conv3d(in, out, kernel, stride, padding, bias) on NCDHW, floor mode; {@code dropout} &gt; 0 drops its input
     * with that probability (PyTorch's {@code Dropout(p)} before it).
     */
    String conv(String name, int in, int out, int[] k, int[] stride, int[] pad, boolean bias, Activation act,
            double dropout, String input) {
        Convolution3D.Builder cb = new Convolution3D.Builder().kernelSize(k).stride(stride).padding(pad).nIn(in)
                .nOut(out).dataFormat(NCDHW).convolutionMode(ConvolutionMode.Truncate).hasBias(bias).activation(act)
                .weightInit(convInit).biasInit(0);
        if (dropout > 0) {
            cb.dropOut(new Dropout(1.0 - dropout)); // DL4J takes the retain probability
        }
        cb.build(); // DL4J's checks of the settings
        // DL4J's Convolution3DLayer leaves the dropout out of its backward pass; FastConvolution3D does not (and
        // hands libnd4j the weights in their own layout)
        b.addLayer(name, new FastConvolution3D(cb, false), input);
        return name;
    }

    /** BatchNorm3d with the architecture's ε and momentum (γ = 1, β = 0). */
    String bn(String name, int channels, String input) {
        b.addLayer(name, new TorchBatchNorm(name, channels, bnEps, bnMomentum), input);
        return name;
    }

    String relu(String name, String input) {
        b.addLayer(name, new Relu(name), input);
        return name;
    }

    /** MaxPool3d(kernel, stride, padding), floor mode; used only on ReLU outputs, where zero and −∞ padding agree. */
    String maxPool(String name, int[] k, int[] stride, int[] pad, String input) {
        b.addLayer(name, new Subsampling3DLayer.Builder(Subsampling3DLayer.PoolingType.MAX).kernelSize(k).stride(stride)
                .padding(pad).convolutionMode(ConvolutionMode.Truncate).dataFormat(NCDHW).build(), input);
        return name;
    }

    /** MaxPool3d(3, 2, 1): {@link MaxPool3D} (separable passes in Java; DL4J's layer runs oneDNN's reference kernel). */
    String maxPool(String name, String input) {
        b.addLayer(name, new MaxPool3D(name), input);
        return name;
    }

    /** Average (or max) over the whole map: [N, C, D, H, W] → [N, C]. */
    String globalPool(String name, PoolingType type, String input) {
        b.addLayer(name, new GlobalPoolingLayer.Builder(type).build(), input);
        return name;
    }

    String adaptiveMaxPool(String name, int d, int h, int w, String input) {
        b.addLayer(name, new AdaptiveMaxPool3D(name, d, h, w), input);
        return name;
    }

    String add(String name, String x, String y) {
        b.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), x, y);
        return name;
    }

    String concat(String name, String... inputs) {
        b.addVertex(name, new ChannelConcat(), inputs);
        return name;
    }

    /** Linear(in, out); weights as {@code init} (PyTorch default: U(±1/√in), DL4J's {@link WeightInit#UNIFORM}). */
    String dense(String name, int in, int out, Activation act, IWeightInit init, String input) {
        b.addLayer(name, new DenseLayer.Builder().nIn(in).nOut(out).activation(act).weightInit(init).biasInit(0)
                .build(), input);
        return name;
    }

    /** A task's logits: Linear(in, classes), trained with the cross-entropy of the logits. */
    String logits(String name, int in, int classes, IWeightInit init, String input) {
        b.addLayer(name, new OutputLayer.Builder(new TaskCrossEntropy(1.0)).nIn(in).nOut(classes)
                .activation(Activation.IDENTITY).weightInit(init).biasInit(0).build(), input);
        return name;
    }

    /** Logits that are already computed (a head ending in a pooled map): an output layer without parameters. */
    String lossOnly(String name, String input) {
        b.addLayer(name, new org.deeplearning4j.nn.conf.layers.LossLayer.Builder(new TaskCrossEntropy(1.0))
                .activation(Activation.IDENTITY).build(), input);
        return name;
    }

    /**
     * SqueezeNet3D's Fire(in, s, e1, e3): squeeze 1×1×1 + BN + ReLU; expand 1×1×1 + BN ‖ expand 3×3×3 (p1) + BN;
     * channel concat; [+ input]; ReLU. Convolutions with bias, as the reference.
     */
    String fire(String p, String in, int inC, int s, int e1, int e3, boolean bypass) {
        conv(p + ".squeeze", inC, s, 1, 1, 0, true, Activation.IDENTITY, 0, in);
        bn(p + ".squeeze_bn", s, p + ".squeeze");
        relu(p + ".relu0", p + ".squeeze_bn");
        conv(p + ".expand1x1", s, e1, 1, 1, 0, true, Activation.IDENTITY, 0, p + ".relu0");
        bn(p + ".expand1x1_bn", e1, p + ".expand1x1");
        conv(p + ".expand3x3", s, e3, 3, 1, 1, true, Activation.IDENTITY, 0, p + ".relu0");
        bn(p + ".expand3x3_bn", e3, p + ".expand3x3");
        String last = concat(p + ".cat", p + ".expand1x1_bn", p + ".expand3x3_bn");
        if (bypass) {
            last = add(p + ".add", last, in);
        }
        return relu(p + ".relu", last);
    }

    /**
     * The SqueezeNet3D trunk after the stem (reference {@code SqueezeNet3D.features}): four max pools and eight
     * Fire modules, 64 → 512 channels; total stride 32 with the stem. Returns the last vertex.
     */
    String squeezeTrunk(String prefix, String x) {
        int sq = 32;
        x = maxPool(prefix + "0", x);
        x = fire(prefix + "1", x, 64, sq, 64, 64, false);
        x = fire(prefix + "2", x, 128, sq, 64, 64, true);
        x = maxPool(prefix + "3", x);
        x = fire(prefix + "4", x, 128, sq * 2, 128, 128, false);
        x = fire(prefix + "5", x, 256, sq * 2, 128, 128, true);
        x = maxPool(prefix + "6", x);
        x = fire(prefix + "7", x, 256, sq * 3, 192, 192, false);
        x = fire(prefix + "8", x, 384, sq * 3, 192, 192, true);
        x = maxPool(prefix + "9", x);
        x = fire(prefix + "10", x, 384, sq * 4, 256, 256, false);
        return fire(prefix + "11", x, 512, sq * 4, 256, 256, true);
    }
}
