package org.covidmtl.models.volume;

import org.covidmtl.models.volume.zoo.KaimingNormal;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds COVID-MTL VOLUME_RADIO as a DL4J {@link ComputationGraph}, layer for layer as the reference
 * ({@code COVIDMTL(DataType.VOLUME_RADIO)} around {@code SqueezeNet3D(use_classifier=False)} and {@code FNN}).
 * Vertices carry the PyTorch module paths ({@code features.convbn.0}, {@code features.features.1.squeeze_bn},
 * {@code classifier3.1}, …), so a {@code state_dict} key is vertex name + {@code .weight}/{@code .bias}/…
 * <p>
 * Inputs: {@code volume} [N, 1, D, S, S] (NCDHW) and {@code radio} [N, features]. Outputs: the logits of the
 * three tasks, {@code classifier1.1}, {@code classifier2.1}, {@code classifier3.1}, each trained with a
 * {@link TaskCrossEntropy}. Total stride 32; every activation is NCDHW.
 */
public final class VolumeRadioGraph {

    static {
        // ND4J finds its backend through the context class loader of the first thread that touches it; in a
        // framework that may be a bundle's loader: pin it to the loader ND4J came from
        org.nd4j.common.config.ND4JClassLoading.setNd4jClassloader(Nd4j.class.getClassLoader());
    }

    public static final String VOLUME = "volume";
    public static final String RADIO = "radio";
    public static final String STEM = "features.convbn.2";
    public static final String SHIFT = "features.shift3d_layer";
    public static final String BACKBONE = "features.features.11.relu";
    public static final String FNN = "radioFNN.classifier";
    public static final String[] OUTPUTS = {"classifier1.1", "classifier2.1", "classifier3.1"};
    public static final String[] HEAD_POOLED = {"classifier1_.3", "classifier2_.3", "classifier3_.3"};
    /** Each head's convolution (512 → 32, 1×1×1, ReLU): the last convolutional layer, for class activation maps. */
    public static final String[] HEAD_CONV = {"classifier1_.1", "classifier2_.1", "classifier3_.1"};

    private static final Convolution3D.DataFormat NCDHW = Convolution3D.DataFormat.NCDHW;

    private VolumeRadioGraph() {
    }

    public static ComputationGraph build(VolumeRadioConfig c) {
        return build(c, false);
    }

    /**
     * The graph for inference only, each batch norm folded into the convolution before it and the ReLU after a
     * folded batch norm made that convolution's activation; no Shift3D. Its layers keep the trained graph's names
     * (a folded convolution is named as the convolution), so {@link BatchNormFolding} fills it from a trained graph.
     */
    static ComputationGraph buildFolded(VolumeRadioConfig c) {
        return build(c.withShift3d(null), true);
    }

    private static ComputationGraph build(VolumeRadioConfig c, boolean folded) {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
                .seed(c.seed())
                .dataType(c.dataType())
                .weightInit(WeightInit.RELU)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs(VOLUME, RADIO)
                .setInputTypes(InputType.convolutional3D(NCDHW, c.depth(), c.size(), c.size(), 1),
                        InputType.feedForward(c.radioFeatures()));

        // stem: Conv3d(1→64, k3, s2, p1) + BN + ReLU, then Shift3D (training only)
        String x = convBnRelu(b, folded, "features.convbn.", 1, 64, 3, 2, 1, VOLUME);
        if (c.shift3d() != null && c.shift3d().chance() > 0) {
            b.addLayer(SHIFT, new Shift3D(SHIFT, c.shift3d(), c.seed()), x);
            x = SHIFT;
        }
        x = pool(b, "features.features.0", x);
        x = fire(b, folded, "features.features.1", x, 64, 32, 64, 64, false);
        x = fire(b, folded, "features.features.2", x, 128, 32, 64, 64, true);
        x = pool(b, "features.features.3", x);
        x = fire(b, folded, "features.features.4", x, 128, 64, 128, 128, false);
        x = fire(b, folded, "features.features.5", x, 256, 64, 128, 128, true);
        x = pool(b, "features.features.6", x);
        x = fire(b, folded, "features.features.7", x, 256, 96, 192, 192, false);
        x = fire(b, folded, "features.features.8", x, 384, 96, 192, 192, true);
        x = pool(b, "features.features.9", x);
        x = fire(b, folded, "features.features.10", x, 384, 128, 256, 256, false);
        x = fire(b, folded, "features.features.11", x, 512, 128, 256, 256, true);

        // radiomic-feature branch: 375→256→ReLU→128→ReLU→64→ReLU→32 (no final ReLU)
        dense(b, "radioFNN.features.0", c.radioFeatures(), 256, Activation.RELU, RADIO);
        dense(b, "radioFNN.features.2", 256, 128, Activation.RELU, "radioFNN.features.0");
        dense(b, "radioFNN.features.4", 128, 64, Activation.RELU, "radioFNN.features.2");
        dense(b, FNN, 64, 32, Activation.IDENTITY, "radioFNN.features.4");

        // heads: Dropout → Conv3d(512→32, 1×1×1) → ReLU → AvgPool over the whole map; concat [cnn, fnn] → ReLU → Linear
        int[] classes = c.classes();
        double[] w = c.taskWeights();
        for (int k = 0; k < 3; k++) {
            String head = "classifier" + (k + 1);
            conv(b, head + "_.1", 512, 32, 1, 1, 0, Activation.RELU, c.dropout(), x);
            b.addLayer(HEAD_POOLED[k], new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), head + "_.1");
            b.addVertex(head + ".cat", new MergeVertex(), HEAD_POOLED[k], FNN);
            relu(b, head + ".0", head + ".cat");
            b.addLayer(OUTPUTS[k], new OutputLayer.Builder(new TaskCrossEntropy(w[k])).nIn(64).nOut(classes[k])
                    .activation(Activation.IDENTITY).build(), head + ".0");
        }
        b.setOutputs(OUTPUTS);
        ComputationGraph graph = new ComputationGraph(b.build());
        graph.init();
        return graph;
    }

    /**
     * Fire(in, s, e1, e3): squeeze 1×1×1 + BN + ReLU; expand 1×1×1 + BN ‖ expand 3×3×3 (p1) + BN; concat; [+ x]; ReLU
     * (folded: without the BN layers, the squeeze's ReLU as its activation, concat [+ x] + ReLU as one
     * {@link FireJoin}).
     */
    private static String fire(ComputationGraphConfiguration.GraphBuilder b, boolean folded, String p, String in,
            int inC, int s, int e1, int e3, boolean bypass) {
        String squeezed = folded ? p + ".squeeze" : p + ".relu0";
        conv(b, p + ".squeeze", inC, s, 1, 1, 0, folded ? Activation.RELU : Activation.IDENTITY, 0, in);
        if (!folded) {
            bn(b, p + ".squeeze_bn", s, p + ".squeeze");
            relu(b, squeezed, p + ".squeeze_bn");
        }
        String x1 = convBn(b, folded, p + ".expand1x1", s, e1, 1, 0, squeezed);
        String x3 = convBn(b, folded, p + ".expand3x3", s, e3, 3, 1, squeezed);
        if (folded) {
            // concat [+ in] + ReLU as one vertex, named as the module's output
            if (bypass) {
                b.addVertex(p + ".relu", new FireJoin(true), x1, x3, in);
            } else {
                b.addVertex(p + ".relu", new FireJoin(false), x1, x3);
            }
            return p + ".relu";
        }
        b.addVertex(p + ".cat", new ChannelConcat(), x1, x3);
        String last = p + ".cat";
        if (bypass) {
            b.addVertex(p + ".add", new ElementWiseVertex(ElementWiseVertex.Op.Add), last, in);
            last = p + ".add";
        }
        relu(b, p + ".relu", last);
        return p + ".relu";
    }

    /** The stem's Conv3d (prefix + 0) + BN (prefix + 1) + ReLU (prefix + 2); folded: the convolution with a ReLU. */
    private static String convBnRelu(ComputationGraphConfiguration.GraphBuilder b, boolean folded, String prefix,
            int in, int out, int k, int stride, int pad, String input) {
        conv(b, prefix + 0, in, out, k, stride, pad, folded ? Activation.RELU : Activation.IDENTITY, 0, input);
        if (folded) {
            return prefix + 0;
        }
        bn(b, prefix + 1, out, prefix + 0);
        relu(b, prefix + 2, prefix + 1);
        return prefix + 2;
    }

    /** A Fire expand: Conv3d (stride 1) + BN named conv + {@code _bn}; folded: the convolution alone. */
    private static String convBn(ComputationGraphConfiguration.GraphBuilder b, boolean folded, String name, int in,
            int out, int k, int pad, String input) {
        conv(b, name, in, out, k, 1, pad, Activation.IDENTITY, 0, input);
        if (folded) {
            return name;
        }
        bn(b, name + "_bn", out, name);
        return name + "_bn";
    }

    private static void conv(ComputationGraphConfiguration.GraphBuilder b, String name, int in, int out, int k,
            int stride, int pad, Activation act, double dropout, String input) {
        Convolution3D.Builder cb = new Convolution3D.Builder().kernelSize(k, k, k).stride(stride, stride, stride)
                .padding(pad, pad, pad).nIn(in).nOut(out).dataFormat(NCDHW).convolutionMode(ConvolutionMode.Truncate)
                .hasBias(true).activation(act);
        if (name.startsWith("features.")) {
            // the SqueezeNet3D convolutions (stem and Fire modules): kaiming_normal_(mode='fan_out'), bias 0, as the
            // reference's SqueezeNet3D initialises them; the heads' convolutions keep the graph's default
            cb.weightInit(new KaimingNormal(true)).biasInit(0);
        }
        if (dropout > 0) {
            cb.dropOut(new Dropout(1.0 - dropout)); // DL4J takes the retain probability; applied to the layer input
        }
        // every convolution is a FastConvolution3D: the stem (1 channel, stride 2) with Java columns + gemm in the
        // backward pass, the others with libnd4j's ops on the weights in their own layout and, with the identity, no
        // recomputed forward pass in the backward pass (the heads' ReLU and dropout are DL4J's as before)
        cb.build(); // DL4J's checks of the settings
        // the stem's input is the volume: no input gradient (PyTorch's input does not require one either)
        b.addLayer(name, new FastConvolution3D(cb, in == 1 && stride > 1, !VOLUME.equals(input)), input);
    }

    private static void bn(ComputationGraphConfiguration.GraphBuilder b, String name, int channels, String input) {
        b.addLayer(name, new TorchBatchNorm(name, channels, VolumeRadioConfig.BN_EPS, VolumeRadioConfig.BN_MOMENTUM),
                input);
    }

    private static void relu(ComputationGraphConfiguration.GraphBuilder b, String name, String input) {
        b.addLayer(name, new Relu(name), input);
    }

    /** MaxPool3d(3, stride 2, padding 1, floor mode) as PyTorch's ({@link MaxPool3D}, separable passes in Java). */
    private static String pool(ComputationGraphConfiguration.GraphBuilder b, String name, String input) {
        b.addLayer(name, new MaxPool3D(name), input);
        return name;
    }

    private static void dense(ComputationGraphConfiguration.GraphBuilder b, String name, int in, int out,
            Activation act, String input) {
        b.addLayer(name, new DenseLayer.Builder().nIn(in).nOut(out).activation(act).build(), input);
    }
}
