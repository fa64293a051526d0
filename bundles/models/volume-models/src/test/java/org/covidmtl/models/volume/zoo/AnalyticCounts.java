package org.covidmtl.models.volume.zoo;

import org.covidmtl.models.volume.TorchBatchNorm;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Trainable-parameter counts of the zoo's architectures worked out from their definitions (PyTorch's
 * {@code sum(p.numel() for p in model.parameters())}: convolution and linear weights and biases, BN γ and β; no
 * running statistics), independently of the DL4J graphs.
 */
final class AnalyticCounts {

    private AnalyticCounts() {
    }

    static long conv(long in, long out, long kernelVolume, boolean bias) {
        return in * out * kernelVolume + (bias ? out : 0);
    }

    static long bn(long c) {
        return 2 * c;
    }

    static long linear(long in, long out) {
        return in * out + out;
    }

    static long fire(long in, long s, long e1, long e3) {
        return conv(in, s, 1, true) + bn(s) + conv(s, e1, 1, true) + bn(e1) + conv(s, e3, 27, true) + bn(e3);
    }

    /** SqueezeNet3D stem + features (use_classifier=False). */
    static long squeezeBackbone() {
        return conv(1, 64, 27, true) + bn(64)
                + fire(64, 32, 64, 64) + fire(128, 32, 64, 64)
                + fire(128, 64, 128, 128) + fire(256, 64, 128, 128)
                + fire(256, 96, 192, 192) + fire(384, 96, 192, 192)
                + fire(384, 128, 256, 256) + fire(512, 128, 256, 256);
    }

    static long squeezeNet(int classes) {
        return squeezeBackbone() + conv(512, classes, 1, true);
    }

    /** COVID-MTL VOLUME_RADIO (the reference's 3,848,199 for 375 features and classes 2, 2, 3). */
    static long covidMtlVolumeRadio(int features, int... classes) {
        long n = squeezeBackbone() + linear(features, 256) + linear(256, 128) + linear(128, 64) + linear(64, 32);
        for (int c : classes) {
            n += conv(512, 32, 1, true) + linear(64, c);
        }
        return n;
    }

    /** COVID-MTL VOLUME_3 / VOLUME_2 with the zoo's heads (Conv 512→32, pooled, Linear 32→n). */
    static long covidMtlVolume(int... classes) {
        long n = squeezeBackbone();
        for (int c : classes) {
            n += conv(512, 32, 1, true) + linear(32, c);
        }
        return n;
    }

    static long basicBlock(long in, long planes, boolean downsample) {
        long n = conv(in, planes, 27, false) + bn(planes) + conv(planes, planes, 27, false) + bn(planes);
        return n + (downsample ? conv(in, planes, 1, false) + bn(planes) : 0);
    }

    /** The reference's resnet3d34 (63,460,930 for 2 classes). */
    static long resNet34(int classes) {
        long n = conv(1, 64, 125, false) + bn(64);
        int[] blocks = {3, 4, 6, 3};
        int[] widths = {64, 128, 256, 512};
        long in = 64;
        for (int s = 0; s < 4; s++) {
            for (int i = 0; i < blocks[s]; i++) {
                n += basicBlock(in, widths[s], i == 0); // stride 2 opens every stage: shortcut B everywhere there
                in = widths[s];
            }
        }
        return n + linear(512, classes);
    }

    static long bottleneck(long in, long out, long inner) {
        long n = conv(in, inner, 3, false) + bn(inner) + conv(inner, inner, 9, false) + bn(inner)
                + conv(inner, out, 1, false) + bn(out);
        return n + (in != out ? conv(in, out, 1, false) + bn(out) : 0);
    }

    /** DeCoVNet as used (stem, res2, res3, progressive classifier, two linears; not the unused s4/s5). */
    static long deCoVNet(int classes) {
        return conv(1, 16, 5 * 7 * 7, false) + bn(16)
                + bottleneck(16, 64, 16) + bottleneck(64, 128, 32)
                + conv(128, 64, 27, true) + conv(64, 32, 27, true) + conv(32, 32, 27, true)
                + linear(32, 32) + linear(32, classes);
    }

    /** The graph's trainable parameters: all of them less the BN running statistics and counters. */
    static long trainable(ComputationGraph graph) {
        long n = 0;
        for (Layer l : graph.getLayers()) {
            n += l.numParams();
            if (l.conf().getLayer() instanceof TorchBatchNorm bn) {
                n -= 2 * bn.getNOut() + 1;
            }
        }
        return n;
    }
}
