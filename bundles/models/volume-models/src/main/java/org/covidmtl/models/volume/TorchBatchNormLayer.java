package org.covidmtl.models.volume;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link TorchBatchNorm} at work on 5-D NCDHW input. Backward in training (batch statistics):
 * dx = γ/σ·(g − mean(g) − x̂·mean(g·x̂)), dγ = Σ g·x̂, dβ = Σ g; in inference the statistics are constants.
 * <p>
 * Every full-size pass is a {@link ChannelKernels} task per channel (Java, in parallel over channels): training
 * forward = one read of x (mean and biased variance in double, two passes over the channel in memory) and one
 * write of y; backward = one read of g and x (x̂ recomputed from x and the kept per-channel μ and 1/σ, bit for bit
 * the x̂ of the forward pass) and one write of dx. Only per-channel values are kept between forward and
 * backward, so nothing full-size lives outside DL4J's workspaces. A float network's channels are copied out as
 * floats and worked on with float operations (Java's float +, −, × round each operation and never fuse), one after
 * the other in the order ND4J's ops did them before (x − μ, ·1/σ, ·γ, +β; g − x̂·(dγ/n), − dβ/n, ·γ/σ), so the
 * results equal those ops' float results; the sums are accumulated in double and differ from ND4J's only in
 * summation order. A double network works on doubles.
 */
public class TorchBatchNormLayer extends BaseLayer<TorchBatchNorm> {

    private static final long serialVersionUID = 1L;

    private static final ThreadLocal<double[][]> WORK = ThreadLocal.withInitial(() -> new double[][] {new double[0],
        new double[0]});

    /** Per channel, from the last forward pass: μ used, 1/σ used (training) or γ/σ ÷ γ (inference), γ/σ. */
    private transient double[] mean;
    private transient double[] invStd;
    private transient double[] scale;
    private transient boolean batchStatistics;

    public TorchBatchNormLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Type type() {
        return Type.NORMALIZATION;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (input.rank() != 5) {
            throw new IllegalStateException("TorchBatchNorm " + layerId() + " needs 5-D NCDHW input, got shape "
                    + java.util.Arrays.toString(input.shape()));
        }
        TorchBatchNorm c = layerConf();
        INDArray x = ChannelKernels.direct(input.dataType() == dataType ? input : input.castTo(dataType));
        boolean f32 = dataType == DataType.FLOAT;
        int channels = (int) x.size(1);
        int n = ChannelKernels.perChannelCount(x);
        double[] gamma = ChannelKernels.vector(getParam(TorchBatchNormParams.GAMMA));
        double[] beta = ChannelKernels.vector(getParam(TorchBatchNormParams.BETA));
        double eps = ChannelKernels.round(c.eps(), f32);
        double[] mu = new double[channels];
        double[] inv = new double[channels];
        double[] sc = new double[channels];
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
        if (training) {
            double[] var = new double[channels];
            ChannelKernels.perChannel(channels, k -> {
                // batch statistics accumulated in double, as PyTorch's CPU kernel does for float32
                double[] v = f32 ? null : work(0, n);
                float[] vf = f32 ? ChannelKernels.floatWork(0, n) : null;
                double[] meanVar;
                if (f32) {
                    ChannelKernels.readChannel(x, k, vf);
                    meanVar = meanVariance(vf, n);
                } else {
                    ChannelKernels.readChannel(x, k, v);
                    meanVar = meanVariance(v, n);
                }
                double mf = ChannelKernels.round(meanVar[0], f32);
                double varf = ChannelKernels.round(meanVar[1], f32);
                double is = ChannelKernels.round(Math.pow(ChannelKernels.round(varf + eps, f32), -0.5), f32);
                mu[k] = mf;
                var[k] = varf;
                inv[k] = is;
                sc[k] = ChannelKernels.round(is * gamma[k], f32);
                if (f32) {
                    normalizeScaleShift(vf, n, (float) mf, (float) is, (float) gamma[k], (float) beta[k]);
                    ChannelKernels.writeChannel(out, k, vf);
                } else {
                    normalize(v, n, mf, is);
                    scaleShift(v, n, gamma[k], beta[k]);
                    ChannelKernels.writeChannel(out, k, v);
                }
            });
            double m = c.momentum();
            INDArray meanArr = Nd4j.createFromArray(mu).castTo(dataType);
            INDArray varArr = Nd4j.createFromArray(var).castTo(dataType);
            getParam(TorchBatchNormParams.MEAN).muli(1 - m).addi(meanArr.mul(m));
            getParam(TorchBatchNormParams.VAR).muli(1 - m).addi(varArr.mul(m * n / (n - 1.0)));
            getParam(TorchBatchNormParams.COUNT).addi(1);
        } else {
            double[] runMean = ChannelKernels.vector(getParam(TorchBatchNormParams.MEAN));
            double[] runVar = ChannelKernels.vector(getParam(TorchBatchNormParams.VAR));
            for (int k = 0; k < channels; k++) {
                double is = ChannelKernels.round(Math.pow(ChannelKernels.round(runVar[k] + eps, f32), -0.5), f32);
                mu[k] = runMean[k];
                sc[k] = ChannelKernels.round(is * gamma[k], f32);
                inv[k] = ChannelKernels.round(sc[k] / gamma[k], f32); // as x̂ was recomputed before: γ/σ ÷ γ
            }
            ChannelKernels.perChannel(channels, k -> {
                if (f32) {
                    float[] v = ChannelKernels.floatWork(0, n);
                    ChannelKernels.readChannel(x, k, v);
                    normalizeScaleShift(v, n, (float) mu[k], (float) sc[k], 1f, (float) beta[k]);
                    ChannelKernels.writeChannel(out, k, v);
                } else {
                    double[] v = work(0, n);
                    ChannelKernels.readChannel(x, k, v);
                    normalize(v, n, mu[k], sc[k]);
                    scaleShift(v, n, 1.0, beta[k]);
                    ChannelKernels.writeChannel(out, k, v);
                }
            });
        }
        mean = mu;
        invStd = inv;
        scale = sc;
        batchStatistics = training;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        INDArray g = ChannelKernels.direct(epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType));
        INDArray x = ChannelKernels.direct(input.dataType() == dataType ? input : input.castTo(dataType));
        boolean f32 = dataType == DataType.FLOAT;
        int channels = (int) g.size(1);
        int n = ChannelKernels.perChannelCount(g);
        double[] mu = mean;
        double[] inv = invStd;
        double[] sc = scale;
        boolean batch = batchStatistics;
        double[] dGamma = new double[channels];
        double[] dBeta = new double[channels];
        double count = ChannelKernels.round(n, f32);
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, g.shape(), 'c');
        ChannelKernels.perChannel(channels, k -> {
            if (f32) {
                float[] gv = ChannelKernels.floatWork(0, n);
                float[] h = ChannelKernels.floatWork(1, n);
                ChannelKernels.readChannel(g, k, gv);
                ChannelKernels.readChannel(x, k, h);
                double[] sums = normalizedSums(gv, h, n, (float) mu[k], (float) inv[k]);
                float dg = (float) sums[0];
                float db = (float) sums[1];
                dGamma[k] = dg;
                dBeta[k] = db;
                if (batch) {
                    centreScale(gv, h, n, dg / (float) count, db / (float) count, (float) sc[k]);
                } else {
                    scale(gv, n, (float) sc[k]);
                }
                ChannelKernels.writeChannel(dx, k, gv);
                return;
            }
            double[] gv = work(0, n);
            double[] h = work(1, n);
            ChannelKernels.readChannel(g, k, gv);
            ChannelKernels.readChannel(x, k, h);
            normalize(h, n, mu[k], inv[k]);
            double[] sums = products(gv, h, n);
            dGamma[k] = sums[0];
            dBeta[k] = sums[1];
            if (batch) {
                centreGradient(gv, h, n, sums[0] / count, sums[1] / count);
            }
            normalize(gv, n, 0.0, sc[k]);
            ChannelKernels.writeChannel(dx, k, gv);
        });
        Gradient ret = new DefaultGradient(gradientsFlattened);
        gradientViews.get(TorchBatchNormParams.GAMMA).assign(Nd4j.createFromArray(dGamma).castTo(dataType));
        gradientViews.get(TorchBatchNormParams.BETA).assign(Nd4j.createFromArray(dBeta).castTo(dataType));
        for (String k : new String[] {TorchBatchNormParams.MEAN, TorchBatchNormParams.VAR, TorchBatchNormParams.COUNT}) {
            gradientViews.get(k).assign(0);
        }
        for (String k : TorchBatchNormParams.INSTANCE.paramKeys(layerConf())) {
            ret.setGradientFor(k, gradientViews.get(k));
        }
        return new Pair<>(ret, dx);
    }

    // The element-wise loops of the double path (float arrays have their own, below)

    /** v[i] = (v[i] − m)·s for i &lt; n. */
    private static void normalize(double[] v, int n, double m, double s) {
        for (int i = 0; i < n; i++) {
            v[i] = (v[i] - m) * s;
        }
    }

    /** v[i] = v[i]·g + b for i &lt; n. */
    private static void scaleShift(double[] v, int n, double g, double b) {
        for (int i = 0; i < n; i++) {
            v[i] = v[i] * g + b;
        }
    }

    /** g[i] = g[i] − h[i]·a − b for i &lt; n: the batch-statistics part of the backward pass. */
    private static void centreGradient(double[] g, double[] h, int n, double a, double b) {
        for (int i = 0; i < n; i++) {
            g[i] = g[i] - h[i] * a - b;
        }
    }

    /** Mean and biased variance of v[0..n) in double (two passes, two interleaved sums each). */
    private static double[] meanVariance(double[] v, int n) {
        double s0 = 0;
        double s1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            s0 += v[i];
            s1 += v[i + 1];
        }
        if (i < n) {
            s0 += v[i];
        }
        double m = (s0 + s1) / n;
        double q0 = 0;
        double q1 = 0;
        for (i = 0; i + 1 < n; i += 2) {
            double d0 = v[i] - m;
            double d1 = v[i + 1] - m;
            q0 += d0 * d0;
            q1 += d1 * d1;
        }
        if (i < n) {
            double d0 = v[i] - m;
            q0 += d0 * d0;
        }
        return new double[] {m, (q0 + q1) / n};
    }

    /** {@link #meanVariance(double[], int)} of floats: the same double sums in the same order. */
    private static double[] meanVariance(float[] v, int n) {
        double s0 = 0;
        double s1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            s0 += v[i];
            s1 += v[i + 1];
        }
        if (i < n) {
            s0 += v[i];
        }
        double m = (s0 + s1) / n;
        double q0 = 0;
        double q1 = 0;
        for (i = 0; i + 1 < n; i += 2) {
            double d0 = v[i] - m;
            double d1 = v[i + 1] - m;
            q0 += d0 * d0;
            q1 += d1 * d1;
        }
        if (i < n) {
            double d0 = v[i] - m;
            q0 += d0 * d0;
        }
        return new double[] {m, (q0 + q1) / n};
    }

    /** {Σ g·h, Σ g} over [0, n) in double (two interleaved sums each). */
    private static double[] products(double[] g, double[] h, int n) {
        double a0 = 0;
        double a1 = 0;
        double b0 = 0;
        double b1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            b0 += g[i];
            b1 += g[i + 1];
            a0 += g[i] * h[i];
            a1 += g[i + 1] * h[i + 1];
        }
        if (i < n) {
            b0 += g[i];
            a0 += g[i] * h[i];
        }
        return new double[] {a0 + a1, b0 + b1};
    }

    /**
     * Float backward, first pass: h[i] = (h[i] − m)·s (x̂, float operations) and {Σ g·x̂, Σ g} in double, in the
     * order of {@link #products}.
     */
    private static double[] normalizedSums(float[] g, float[] h, int n, float m, float s) {
        double a0 = 0;
        double a1 = 0;
        double b0 = 0;
        double b1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            float h0 = (h[i] - m) * s;
            float h1 = (h[i + 1] - m) * s;
            h[i] = h0;
            h[i + 1] = h1;
            b0 += g[i];
            b1 += g[i + 1];
            a0 += (double) g[i] * h0;
            a1 += (double) g[i + 1] * h1;
        }
        if (i < n) {
            float h0 = (h[i] - m) * s;
            h[i] = h0;
            b0 += g[i];
            a0 += (double) g[i] * h0;
        }
        return new double[] {a0 + a1, b0 + b1};
    }

    /** Float backward with batch statistics: g[i] = ((g[i] − h[i]·a) − b)·s, float operations one after the other. */
    private static void centreScale(float[] g, float[] h, int n, float a, float b, float s) {
        for (int i = 0; i < n; i++) {
            g[i] = ((g[i] - h[i] * a) - b) * s;
        }
    }

    /** Float backward with running statistics: g[i] = g[i]·s. */
    private static void scale(float[] g, int n, float s) {
        for (int i = 0; i < n; i++) {
            g[i] *= s;
        }
    }

    /** Float forward: v[i] = ((v[i] − m)·s)·γ + β, float operations one after the other (γ = 1 is exact). */
    private static void normalizeScaleShift(float[] v, int n, float m, float s, float gamma, float beta) {
        for (int i = 0; i < n; i++) {
            v[i] = ((v[i] - m) * s) * gamma + beta;
        }
    }

    /** A per-thread work array of at least {@code n} values (slot 0 or 1). */
    private static double[] work(int slot, int n) {
        double[][] w = WORK.get();
        if (w[slot].length < n) {
            w[slot] = new double[n];
        }
        return w[slot];
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
        // no weight noise
    }

    @Override
    public boolean hasBias() {
        return false;
    }
}
