package org.covidmtl.models.volume;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link TorchBatchNormLayer} on float activations works on floats; its results must be, bit for bit, those of the
 * arithmetic it documents: double sums (two interleaved accumulators), then every element-wise operation rounded
 * to float one after the other (x − μ, ·1/σ, ·γ, +β; g − x̂·(dγ/n), − dβ/n, ·γ/σ). The expected values here are that
 * arithmetic written out on doubles with a rounding after each operation, as the layer computed them before it
 * worked on floats.
 */
class TorchBatchNormFloatTest {

    private static final int N = 2;
    private static final int C = 3;
    private static final int D = 5;
    private static final int H = 7;
    private static final int W = 9;
    private static final double EPS = 1e-3;

    @ParameterizedTest(name = "training {0}")
    @ValueSource(booleans = {true, false})
    void floatKernelsEqualTheRoundedOpByOpArithmetic(boolean training) {
        Nd4j.getRandom().setSeed(17);
        Layer bn = layer();
        double[] gamma = {1.25, 0.8, -1.1};
        double[] beta = {0.1, -0.2, 0.05};
        double[] runMean = {0.3, -0.1, 0.02};
        double[] runVar = {1.7, 0.6, 2.2};
        bn.getParam(TorchBatchNormParams.GAMMA).assign(Nd4j.create(gamma).castTo(DataType.FLOAT));
        bn.getParam(TorchBatchNormParams.BETA).assign(Nd4j.create(beta).castTo(DataType.FLOAT));
        bn.getParam(TorchBatchNormParams.MEAN).assign(Nd4j.create(runMean).castTo(DataType.FLOAT));
        bn.getParam(TorchBatchNormParams.VAR).assign(Nd4j.create(runVar).castTo(DataType.FLOAT));
        INDArray x = Nd4j.randn(DataType.FLOAT, N, C, D, H, W).muli(3).addi(0.7);
        INDArray g = Nd4j.randn(DataType.FLOAT, N, C, D, H, W);
        float[] xv = x.dup('c').data().asFloat();
        float[] gv = g.dup('c').data().asFloat();

        float[] y = bn.activate(x, training, LayerWorkspaceMgr.noWorkspaces()).dup('c').data().asFloat();
        Pair<Gradient, INDArray> back = bn.backpropGradient(g, LayerWorkspaceMgr.noWorkspaces());
        float[] dx = back.getSecond().dup('c').data().asFloat();
        float[] dGamma = back.getFirst().getGradientFor(TorchBatchNormParams.GAMMA).dup('c').data().asFloat();
        float[] dBeta = back.getFirst().getGradientFor(TorchBatchNormParams.BETA).dup('c').data().asFloat();

        int s = D * H * W;
        int n = N * s;
        for (int c = 0; c < C; c++) {
            double[] v = new double[n];
            double[] e = new double[n];
            for (int i = 0; i < N; i++) {
                for (int j = 0; j < s; j++) {
                    v[i * s + j] = xv[(i * C + c) * s + j];
                    e[i * s + j] = gv[(i * C + c) * s + j];
                }
            }
            double gm = f(gamma[c]);
            double mu;
            double inv;
            double scale;
            if (training) {
                double s0 = 0;
                double s1 = 0;
                for (int i = 0; i < n; i += 2) {
                    s0 += v[i];
                    s1 += v[i + 1];
                }
                double m = (s0 + s1) / n;
                double q0 = 0;
                double q1 = 0;
                for (int i = 0; i < n; i += 2) {
                    q0 += (v[i] - m) * (v[i] - m);
                    q1 += (v[i + 1] - m) * (v[i + 1] - m);
                }
                mu = f(m);
                double var = f((q0 + q1) / n);
                inv = f(Math.pow(f(var + f(EPS)), -0.5));
                scale = f(inv * gm);
            } else {
                double is = f(Math.pow(f(f(runVar[c]) + f(EPS)), -0.5));
                mu = f(runMean[c]);
                scale = f(is * gm);
                inv = f(scale / gm);
            }
            double a0 = 0;
            double a1 = 0;
            double b0 = 0;
            double b1 = 0;
            double[] h = new double[n];
            for (int i = 0; i < n; i++) {
                double expected = training ? f(f(f(f(v[i] - mu) * inv) * gm) + f(beta[c]))
                        : f(f(f(v[i] - mu) * scale) + f(beta[c]));
                assertThat(y[index(i, c, s)]).as("y channel %d at %d", c, i).isEqualTo((float) expected);
                h[i] = f(f(v[i] - mu) * inv);
            }
            for (int i = 0; i < n; i += 2) {
                b0 += e[i];
                b1 += e[i + 1];
                a0 += e[i] * h[i];
                a1 += e[i + 1] * h[i + 1];
            }
            double dg = f(a0 + a1);
            double db = f(b0 + b1);
            assertThat(dGamma[c]).as("dγ channel %d", c).isEqualTo((float) dg);
            assertThat(dBeta[c]).as("dβ channel %d", c).isEqualTo((float) db);
            for (int i = 0; i < n; i++) {
                double expected = training ? f(f(f(e[i] - f(h[i] * f(dg / n))) - f(db / n)) * scale) : f(e[i] * scale);
                assertThat(dx[index(i, c, s)]).as("dx channel %d at %d", c, i).isEqualTo((float) expected);
            }
        }
    }

    private static int index(int i, int c, int s) {
        return ((i / s) * C + c) * s + i % s;
    }

    private static double f(double v) {
        return (float) v;
    }

    private static Layer layer() {
        return LayerUnderTest.of(DataType.FLOAT, C, D, H, W, C, new TorchBatchNorm("bn", C, EPS, 0.01));
    }
}
