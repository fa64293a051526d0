package org.covidmtl.models.volume.zoo;

import java.util.ArrayList;
import java.util.List;

import org.covidmtl.models.volume.Shift3D;
import org.covidmtl.models.volume.TorchBatchNormParams;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds the zoo's networks as DL4J {@link ComputationGraph}s: input {@link #VOLUME} [N, 1, D, H, W] (NCDHW), one
 * output of logits per head (trained with the cross-entropy of the logits). Vertices carry the PyTorch module paths
 * of the reference models, so {@link org.covidmtl.models.volume.TorchWeightImporter} saves and loads them as
 * {@code state_dict} tensors.
 * <ul>
 * <li><b>squeezenet3d / shiftnet3d</b> (reference {@code SqueezeNet3D}): stem Conv3d(1→64, k3, s2, p1) + BN(ε 1e-3,
 * momentum 0.01) + ReLU → [Shift3D] → trunk → Dropout(0.3) → Conv3d(512→n, 1×1×1) → ReLU → average over the map
 * (the reference's logits are that ReLU'd average). Kaiming normal (fan_out) convolutions.</li>
 * <li><b>resnet3d-34</b> (reference {@code resnet3d34}): Conv3d(1→64, k5, s2, p2, no bias) + BN(momentum 0.01) +
 * ReLU → [Shift3D] → MaxPool(3, 2, 1) → BasicBlocks [3, 4, 6, 3], widths 64–512, stride 2 in all four stages,
 * shortcut B (1×1×1 conv + BN) → average over the map → Linear(512→n). Kaiming normal (fan_in) convolutions.</li>
 * <li><b>decovnet</b> (DeCoVNet, the authors' {@code ENModel} of {@code baseline_i3d.py}): stem Conv3d(1→16,
 * 5×7×7, s(1,2,2), p(2,3,3), no bias) + BN + ReLU + MaxPool(1×3×3, s(1,2,2), p(0,1,1)); ResBlock 16→64 (bottleneck
 * 16: 3×1×1, 1×3×3, 1×1×1; projection shortcut); MaxPool(2×1×1); ResBlock 64→128 (bottleneck 32, stride (1,2,2));
 * progressive classifier AdaptiveMaxPool(16,24,36) → Conv3d(128→64, k3, p1) + ReLU → AdaptiveMaxPool(4,12,18) →
 * Conv3d(64→32) + ReLU → AdaptiveMaxPool(1,6,9) → Conv3d(32→32) + ReLU → global max → Linear(32→32) →
 * Linear(32→n). BN ε 1e-5, momentum 0.1; Kaiming normal (fan_out) convolutions, N(0, 0.01) linears, the last BN of
 * each residual branch γ = 0 (SlowFast's {@code zero_init_final_bn}).</li>
 * <li><b>covid-mtl-volume-3 / -2</b> (reference {@code COVIDMTL(VOLUME_3 | VOLUME_2)}): the SqueezeNet3D stem and
 * trunk with Shift3D, per task Dropout(0.3) → Conv3d(512→32, 1×1×1) → ReLU → average over the map → Linear(32→n)
 * (the reference returns the 32-vector itself as the task's logits, see the zoo README).</li>
 * </ul>
 */
public final class ZooGraphs {

    static {
        // as VolumeRadioGraph: pin ND4J's class loader to the one it came from (OSGi)
        org.nd4j.common.config.ND4JClassLoading.setNd4jClassloader(Nd4j.class.getClassLoader());
    }

    public static final String VOLUME = "volume";
    /** The Shift3D layer's vertex in every architecture that has one. */
    public static final String SHIFT = "shift3d_layer";

    static final double SQUEEZE_BN_EPS = 1e-3;
    static final double SQUEEZE_BN_MOMENTUM = 0.01;
    static final double RESNET_BN_EPS = 1e-5;
    static final double RESNET_BN_MOMENTUM = 0.01;
    static final double DECOV_BN_EPS = 1e-5;
    static final double DECOV_BN_MOMENTUM = 0.1;

    private ZooGraphs() {
    }

    /** The network of {@code c}, initialised. */
    public static ComputationGraph build(ZooConfig c) {
        GraphBuilder b = new NeuralNetConfiguration.Builder()
                .seed(c.seed())
                .dataType(c.dataType())
                .weightInit(WeightInit.RELU)
                .trainingWorkspaceMode(WorkspaceMode.NONE)
                .inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder()
                .addInputs(VOLUME)
                .setInputTypes(InputType.convolutional3D(Blocks.NCDHW, c.depth(), c.height(), c.width(), 1));
        List<String> zeroGamma = new ArrayList<>();
        String[] outputs = switch (c.architecture()) {
            case SQUEEZENET3D, SHIFTNET3D -> squeezeNet(b, c);
            case RESNET3D_34 -> resNet34(b, c);
            case DECOVNET -> deCoVNet(b, c, zeroGamma);
            case COVID_MTL_VOLUME_3, COVID_MTL_VOLUME_2 -> covidMtlVolume(b, c);
        };
        b.setOutputs(outputs);
        ComputationGraph graph = new ComputationGraph(b.build());
        graph.init();
        for (String name : zeroGamma) {
            graph.getLayer(name).getParam(TorchBatchNormParams.GAMMA).assign(0);
        }
        return graph;
    }

    /** The output vertices (one per head, in task order) of {@code c}'s network. */
    public static List<String> outputs(ComputationGraph graph) {
        return graph.getConfiguration().getNetworkOutputs();
    }

    private static String shift(GraphBuilder b, ZooConfig c, String name, String x) {
        if (c.shift3d() != null && c.shift3d().chance() > 0) {
            b.addLayer(name, new Shift3D(name, c.shift3d(), c.seed()), x);
            return name;
        }
        return x;
    }

    /** SqueezeNet3D (use_classifier=True) and ShiftNet3D; vertices as the reference module's state_dict. */
    private static String[] squeezeNet(GraphBuilder b, ZooConfig c) {
        Blocks k = new Blocks(b, SQUEEZE_BN_EPS, SQUEEZE_BN_MOMENTUM, new KaimingNormal(true));
        k.conv("convbn.0", 1, 64, 3, 2, 1, true, Activation.IDENTITY, 0, VOLUME);
        k.bn("convbn.1", 64, "convbn.0");
        String x = k.relu("convbn.2", "convbn.1");
        x = shift(b, c, SHIFT, x);
        x = k.squeezeTrunk("features.", x);
        k.conv("classifier.1", 512, c.classes()[0], 1, 1, 0, true, Activation.RELU, c.dropout(), x);
        k.globalPool("classifier.3", PoolingType.AVG, "classifier.1");
        return new String[] {k.lossOnly("output", "classifier.3")};
    }

    /** COVIDMTL(VOLUME_3 | VOLUME_2): the SqueezeNet3D backbone under {@code features.}, one head per task. */
    private static String[] covidMtlVolume(GraphBuilder b, ZooConfig c) {
        Blocks k = new Blocks(b, SQUEEZE_BN_EPS, SQUEEZE_BN_MOMENTUM, new KaimingNormal(true));
        k.conv("features.convbn.0", 1, 64, 3, 2, 1, true, Activation.IDENTITY, 0, VOLUME);
        k.bn("features.convbn.1", 64, "features.convbn.0");
        String x = k.relu("features.convbn.2", "features.convbn.1");
        x = shift(b, c, "features." + SHIFT, x);
        x = k.squeezeTrunk("features.features.", x);
        int[] classes = c.classes();
        String[] out = new String[classes.length];
        for (int t = 0; t < classes.length; t++) {
            String head = "classifier" + (t + 1);
            k.conv(head + "_.1", 512, 32, 1, 1, 0, true, Activation.RELU, c.dropout(), x);
            k.globalPool(head + "_.3", PoolingType.AVG, head + "_.1");
            out[t] = k.logits(head + ".1", 32, classes[t], WeightInit.UNIFORM.getWeightInitFunction(), head + "_.3");
        }
        return out;
    }

    /** The reference's resnet3d34 (vertex names as its state_dict). */
    private static String[] resNet34(GraphBuilder b, ZooConfig c) {
        Blocks k = new Blocks(b, RESNET_BN_EPS, RESNET_BN_MOMENTUM, new KaimingNormal(false));
        k.conv("conv1", 1, 64, 5, 2, 2, false, Activation.IDENTITY, 0, VOLUME);
        k.bn("bn1", 64, "conv1");
        String x = k.relu("relu", "bn1");
        x = shift(b, c, SHIFT, x);
        x = k.maxPool("maxpool", x);
        int[] blocks = {3, 4, 6, 3};
        int[] widths = {64, 128, 256, 512};
        int in = 64;
        for (int s = 0; s < 4; s++) {
            for (int i = 0; i < blocks[s]; i++) {
                int stride = i == 0 ? 2 : 1;
                x = basicBlock(k, "layer" + (s + 1) + "." + i, x, in, widths[s], stride);
                in = widths[s];
            }
        }
        k.globalPool("avgpool", PoolingType.AVG, x);
        return new String[] {k.logits("fc", 512, c.classes()[0], WeightInit.UNIFORM.getWeightInitFunction(),
                "avgpool")};
    }

    /** BasicBlock: conv3×3×3(stride) + BN + ReLU, conv3×3×3 + BN, + shortcut (B: 1×1×1 conv + BN when needed), ReLU. */
    private static String basicBlock(Blocks k, String p, String in, int inC, int planes, int stride) {
        k.conv(p + ".conv1", inC, planes, 3, stride, 1, false, Activation.IDENTITY, 0, in);
        k.bn(p + ".bn1", planes, p + ".conv1");
        k.relu(p + ".relu1", p + ".bn1");
        k.conv(p + ".conv2", planes, planes, 3, 1, 1, false, Activation.IDENTITY, 0, p + ".relu1");
        k.bn(p + ".bn2", planes, p + ".conv2");
        String shortcut = in;
        if (stride != 1 || inC != planes) {
            k.conv(p + ".downsample.0", inC, planes, 1, stride, 0, false, Activation.IDENTITY, 0, in);
            shortcut = k.bn(p + ".downsample.1", planes, p + ".downsample.0");
        }
        k.add(p + ".add", p + ".bn2", shortcut);
        return k.relu(p + ".relu", p + ".add");
    }

    /** DeCoVNet (ENModel, arch i3d, depth 50 → one block per stage, width 16; s4/s5 are built but unused there). */
    private static String[] deCoVNet(GraphBuilder b, ZooConfig c, List<String> zeroGamma) {
        Blocks k = new Blocks(b, DECOV_BN_EPS, DECOV_BN_MOMENTUM, new KaimingNormal(true));
        String stem = "s1.pathway0_stem.";
        k.conv(stem + "conv", 1, 16, new int[] {5, 7, 7}, new int[] {1, 2, 2}, new int[] {2, 3, 3}, false,
                Activation.IDENTITY, 0, VOLUME);
        k.bn(stem + "bn", 16, stem + "conv");
        k.relu(stem + "relu", stem + "bn");
        String x = k.maxPool(stem + "pool_layer", new int[] {1, 3, 3}, new int[] {1, 2, 2}, new int[] {0, 1, 1},
                stem + "relu");
        x = bottleneckBlock(k, "s2.pathway0_res0", x, 16, 64, 16, 1, zeroGamma);
        x = k.maxPool("pathway0_pool", new int[] {2, 1, 1}, new int[] {2, 1, 1}, new int[] {0, 0, 0}, x);
        x = bottleneckBlock(k, "s3.pathway0_res0", x, 64, 128, 32, 2, zeroGamma);
        // progressive classifier (head.N as the nn.Sequential indices; the ReLUs are fused into the convolutions)
        x = k.adaptiveMaxPool("head.0", 16, 24, 36, x);
        x = k.conv("head.1", 128, 64, 3, 1, 1, true, Activation.RELU, 0, x);
        x = k.adaptiveMaxPool("head.3", 4, 12, 18, x);
        x = k.conv("head.4", 64, 32, 3, 1, 1, true, Activation.RELU, 0, x);
        x = k.adaptiveMaxPool("head.6", 1, 6, 9, x);
        x = k.conv("head.8", 32, 32, 3, 1, 1, true, Activation.RELU, 0, x); // head.7 is Dropout3d(p=0)
        x = k.globalPool("head.10", PoolingType.MAX, x);
        x = k.dense("classifier.0", 32, 32, Activation.IDENTITY, new FixedNormal(0.01), x);
        return new String[] {k.logits("classifier.1", 32, c.classes()[0], new FixedNormal(0.01), x)};
    }

    /**
     * SlowFast's ResBlock with the bottleneck transform (stride on the 1×3×3 conv): branch2 = a: Conv(t×1×1) + BN
     * + ReLU, b: Conv(1×3×3, stride (1,s,s)) + BN + ReLU, c: Conv(1×1×1) + BN; branch1 = Conv(1×1×1, stride (1,s,s))
     * + BN when the shape changes; sum; ReLU. Temporal kernel 3 (i3d, first block of res2/res3).
     */
    private static String bottleneckBlock(Blocks k, String p, String in, int inC, int outC, int inner, int stride,
            List<String> zeroGamma) {
        int[] one = {1, 1, 1};
        int[] s = {1, stride, stride};
        String br = p + ".branch2.";
        k.conv(br + "a", inC, inner, new int[] {3, 1, 1}, one, new int[] {1, 0, 0}, false, Activation.IDENTITY, 0, in);
        k.bn(br + "a_bn", inner, br + "a");
        k.relu(br + "a_relu", br + "a_bn");
        k.conv(br + "b", inner, inner, new int[] {1, 3, 3}, s, new int[] {0, 1, 1}, false, Activation.IDENTITY, 0,
                br + "a_relu");
        k.bn(br + "b_bn", inner, br + "b");
        k.relu(br + "b_relu", br + "b_bn");
        k.conv(br + "c", inner, outC, one, one, new int[] {0, 0, 0}, false, Activation.IDENTITY, 0, br + "b_relu");
        k.bn(br + "c_bn", outC, br + "c");
        zeroGamma.add(br + "c_bn");
        String shortcut = in;
        if (inC != outC || stride != 1) {
            k.conv(p + ".branch1", inC, outC, one, s, new int[] {0, 0, 0}, false, Activation.IDENTITY, 0, in);
            shortcut = k.bn(p + ".branch1_bn", outC, p + ".branch1");
        }
        k.add(p + ".add", shortcut, br + "c_bn");
        return k.relu(p + ".relu", p + ".add");
    }
}
