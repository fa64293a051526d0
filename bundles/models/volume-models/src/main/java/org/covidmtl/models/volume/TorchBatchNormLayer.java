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
 * backward, so nothing full-size lives outside DL4J's workspaces. Element-wise steps are rounded to the
 * network's type after each operation, in the order ND4J's ops did them before
 * (x − μ, ·1/σ, ·γ, +β; g − x̂·(dγ/n), − dβ/n, ·γ/σ), so the results equal those ops' float results; the
 * double sums differ from ND4J's only in summation order.
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
                double[] v = work(0, n);
                ChannelKernels.readChannel(x, k, v);
                // batch statistics accumulated in double, as PyTorch's CPU kernel does for float32
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
                double mf = ChannelKernels.round(m, f32);
                double vf = ChannelKernels.round((q0 + q1) / n, f32);
                double is = ChannelKernels.round(Math.pow(ChannelKernels.round(vf + eps, f32), -0.5), f32);
                mu[k] = mf;
                var[k] = vf;
                inv[k] = is;
                sc[k] = ChannelKernels.round(is * gamma[k], f32);
                normalize(v, n, mf, is, f32);
                scaleShift(v, n, gamma[k], beta[k], f32);
                ChannelKernels.writeChannel(out, k, v);
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
                double[] v = work(0, n);
                ChannelKernels.readChannel(x, k, v);
                normalize(v, n, mu[k], sc[k], f32);
                scaleShift(v, n, 1.0, beta[k], f32);
                ChannelKernels.writeChannel(out, k, v);
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
            double[] gv = work(0, n);
            double[] h = work(1, n);
            ChannelKernels.readChannel(g, k, gv);
            ChannelKernels.readChannel(x, k, h);
            double mf = mu[k];
            double is = inv[k];
            // reductions in double (float32 sums over ~10^5 elements per channel lose the exact cancellation
            // that makes the gradient of a bias feeding a training-mode BN zero)
            double b0 = 0;
            double b1 = 0;
            double a0 = 0;
            double a1 = 0;
            int i = 0;
            normalize(h, n, mf, is, f32);
            for (i = 0; i + 1 < n; i += 2) {
                b0 += gv[i];
                b1 += gv[i + 1];
                a0 += gv[i] * h[i];
                a1 += gv[i + 1] * h[i + 1];
            }
            if (i < n) {
                b0 += gv[i];
                a0 += gv[i] * h[i];
            }
            double dg = ChannelKernels.round(a0 + a1, f32);
            double db = ChannelKernels.round(b0 + b1, f32);
            dGamma[k] = dg;
            dBeta[k] = db;
            double s = sc[k];
            if (batch) {
                double a = ChannelKernels.round(dg / count, f32);
                double b = ChannelKernels.round(db / count, f32);
                centreGradient(gv, h, n, a, b, f32);
            }
            normalize(gv, n, 0.0, s, f32);
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

    // The element-wise loops, each step rounded to float when f32 (written out rather than through
    // ChannelKernels.round, which C2 left as a call inside the large per-channel lambdas)

    /** v[i] = (v[i] − m)·s for i &lt; n (x − 0 and x·1 are exact, so m = 0 or s = 1 leave a step out). */
    private static void normalize(double[] v, int n, double m, double s, boolean f32) {
        if (f32) {
            for (int i = 0; i < n; i++) {
                v[i] = (float) ((float) (v[i] - m) * s);
            }
        } else {
            for (int i = 0; i < n; i++) {
                v[i] = (v[i] - m) * s;
            }
        }
    }

    /** v[i] = v[i]·g + b for i &lt; n. */
    private static void scaleShift(double[] v, int n, double g, double b, boolean f32) {
        if (f32) {
            for (int i = 0; i < n; i++) {
                v[i] = (float) ((float) (v[i] * g) + b);
            }
        } else {
            for (int i = 0; i < n; i++) {
                v[i] = v[i] * g + b;
            }
        }
    }

    /** g[i] = (g[i] − h[i]·a) − b for i &lt; n: the batch-statistics part of the backward pass. */
    private static void centreGradient(double[] g, double[] h, int n, double a, double b, boolean f32) {
        if (f32) {
            for (int i = 0; i < n; i++) {
                g[i] = (float) ((float) (g[i] - (float) (h[i] * a)) - b);
            }
        } else {
            for (int i = 0; i < n; i++) {
                g[i] = g[i] - h[i] * a - b;
            }
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
