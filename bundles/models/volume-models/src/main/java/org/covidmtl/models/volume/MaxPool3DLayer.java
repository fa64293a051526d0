package org.covidmtl.models.volume;

import java.util.stream.IntStream;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link MaxPool3D} at work: per (sample, channel) volume, in parallel, the 3×3×3 maximum as three separable passes
 * of width 3 and stride 2 (a box maximum is the maximum of maxima along each axis): along w over the whole volume,
 * then along h, then along d, about 2.6 reads per input voxel instead of 27 per output, with {@code Math.max} (a NaN
 * wins, as in PyTorch's kernel). Training and inference run the same forward pass and nothing is kept but DL4J's
 * input.
 * <p>
 * The backward pass finds each output's arg-max where it needs it, with PyTorch's rule (scanning the window in d, h,
 * w order, a value greater than the best so far, or a NaN, takes over, so the winner is the window's first voxel
 * equal to its maximum, or for a NaN maximum its last NaN): it recomputes the separable passes from the input and
 * follows them back from each maximum ({@link #scatter}), then adds the output's gradient there (windows overlap by
 * one voxel, so a position may collect several). Comparing with a known maximum is a branch almost never taken,
 * where keeping the arg-max during the forward pass compared unpredictable values at every step (that forward pass
 * took longer than this backward pass does).
 * A selection, so the outputs are exactly input values; the one difference from PyTorch is the sign of a zero
 * maximum when −0 and +0 tie (PyTorch keeps the first, {@code Math.max} gives +0), which no later layer sees.
 */
public class MaxPool3DLayer extends AbstractLayer<MaxPool3D> {

    private static final long serialVersionUID = 1L;

    /** Per thread: work arrays of doubles (input, w pass, h pass, output; backward: input gradient, output gradient). */
    private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

    public MaxPool3DLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** One sample-channel volume's geometry. */
    record Geo(int d, int h, int w, int od, int oh, int ow) {
        static Geo of(long[] s) {
            int d = (int) s[2];
            int h = (int) s[3];
            int w = (int) s[4];
            return new Geo(d, h, w, MaxPool3D.outputLength(d), MaxPool3D.outputLength(h), MaxPool3D.outputLength(w));
        }

        int inVol() {
            return d * h * w;
        }

        int outVol() {
            return od * oh * ow;
        }
    }

    private static final class Work {
        double[] v = new double[0];
        double[] a = new double[0];
        double[] b = new double[0];
        double[] y = new double[0];
        double[] dv = new double[0];
        double[] e = new double[0];

        Work size(Geo g, boolean backward) {
            int na = g.d * g.h * g.ow;
            int nb = g.d * g.oh * g.ow;
            v = v.length < g.inVol() ? new double[g.inVol()] : v;
            a = a.length < na ? new double[na] : a;
            b = b.length < nb ? new double[nb] : b;
            y = y.length < g.outVol() ? new double[g.outVol()] : y;
            if (backward) {
                dv = dv.length < g.inVol() ? new double[g.inVol()] : dv;
                e = e.length < g.outVol() ? new double[g.outVol()] : e;
            }
            return this;
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (input.rank() != 5) {
            throw new IllegalStateException("MaxPool3D " + layerId() + " needs 5-D NCDHW input, got shape "
                    + java.util.Arrays.toString(input.shape()));
        }
        INDArray x = ChannelKernels.direct(input.dataType() == dataType ? input : input.castTo(dataType));
        long[] s = x.shape();
        Geo g = Geo.of(s);
        int nc = Math.toIntExact(s[0] * s[1]);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {s[0], s[1], g.od, g.oh, g.ow}, 'c');
        if (dataType == DataType.FLOAT) {
            IntStream.range(0, nc).parallel().forEach(m -> MaxPool3DFloat.forward(x, out, m, g));
            return out;
        }
        IntStream.range(0, nc).parallel().forEach(m -> {
            Work k = WORK.get().size(g, false);
            ChannelKernels.readRange(x, (long) m * g.inVol(), k.v, g.inVol());
            maxima(k, g);
            ChannelKernels.writeRange(out, (long) m * g.outVol(), k.y, g.outVol());
        });
        return out;
    }

    /** Window [2o − 1, 2o + 1] ∩ [0, n): first index. */
    static int first(int o) {
        return Math.max(0, 2 * o - 1);
    }

    /** Window [2o − 1, 2o + 1] ∩ [0, n): one past the last index. */
    static int end(int o, int n) {
        return Math.min(n, 2 * o + 2);
    }

    /** The maxima only (inference): k.v → k.y. Math.max keeps a NaN, as PyTorch's kernel does. */
    static void maxima(Work k, Geo g) {
        double[] v = k.v;
        double[] a = k.a;
        double[] b = k.b;
        double[] y = k.y;
        int w = g.w;
        int ow = g.ow;
        // windows along w: {0, 1} for output 0, {2c − 1, 2c, 2c + 1} for 1 ≤ c ≤ (w − 2)/2, and for odd w a last
        // output c = (w − 1)/2 with {w − 2, w − 1}
        int full = (w - 2) / 2;
        for (int row = 0, rows = g.d * g.h; row < rows; row++) {
            int in = row * w;
            int o = row * ow;
            a[o] = w > 1 ? Math.max(v[in], v[in + 1]) : v[in];
            int c = 1;
            for (int i = in + 1; c <= full; c++, i += 2) {
                a[o + c] = Math.max(Math.max(v[i], v[i + 1]), v[i + 2]);
            }
            if (c < ow) {
                a[o + c] = Math.max(v[in + 2 * c - 1], v[in + 2 * c]);
            }
        }
        maxAlong(a, b, g.d, g.h, ow);
        maxAlong(b, y, 1, g.d, g.oh * ow);
    }

    /**
     * One pass along an axis of length n, for arrays laid out [outer][n][inner]: dst[outer][o][inner] (o = the
     * axis's output length) takes, for each output j, the maximum over the window of j along the axis.
     */
    private static void maxAlong(double[] src, double[] dst, int outer, int n, int inner) {
        int o = MaxPool3D.outputLength(n);
        for (int q = 0; q < outer; q++) {
            for (int j = 0; j < o; j++) {
                int out = (q * o + j) * inner;
                int t0 = first(j);
                int t1 = end(j, n);
                System.arraycopy(src, (q * n + t0) * inner, dst, out, inner);
                for (int t = t0 + 1; t < t1; t++) {
                    int in = (q * n + t) * inner;
                    for (int i = 0; i < inner; i++) {
                        dst[out + i] = Math.max(dst[out + i], src[in + i]);
                    }
                }
            }
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray x = ChannelKernels.direct(input.dataType() == dataType ? input : input.castTo(dataType));
        long[] s = x.shape();
        Geo g = Geo.of(s);
        int nc = Math.toIntExact(s[0] * s[1]);
        int inVol = g.inVol();
        int outVol = g.outVol();
        INDArray eps = ChannelKernels.direct(epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType));
        if (eps.length() != (long) nc * outVol) {
            throw new IllegalStateException("MaxPool3D " + layerId() + ": gradient of shape "
                    + java.util.Arrays.toString(eps.shape()) + " for input " + java.util.Arrays.toString(s));
        }
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, s, 'c');
        if (dataType == DataType.FLOAT) {
            IntStream.range(0, nc).parallel().forEach(m -> MaxPool3DFloat.backward(x, eps, dx, m, g));
            return new Pair<>(new DefaultGradient(), dx);
        }
        IntStream.range(0, nc).parallel().forEach(m -> {
            Work k = WORK.get().size(g, true);
            ChannelKernels.readRange(x, (long) m * inVol, k.v, inVol);
            maxima(k, g);
            ChannelKernels.readRange(eps, (long) m * outVol, k.e, outVol);
            java.util.Arrays.fill(k.dv, 0, inVol, 0);
            scatter(k, g);
            ChannelKernels.writeRange(dx, (long) m * inVol, k.dv, inVol);
        });
        return new Pair<>(new DefaultGradient(), dx);
    }

    /**
     * Adds each output's gradient k.e[q] at its arg-max in k.dv, given the input k.v and the passes of
     * {@link #maxima} over it (k.a along w, k.b then along h, k.y the maxima). The first voxel of a window in d, h, w
     * order equal to its maximum Y lies in the first plane whose h-pass value equals Y, in that plane's first row
     * whose w-pass value equals Y, at that row's first column equal to Y: at most three comparisons per axis. For a
     * NaN maximum the same with the last NaN at each step (a NaN in a window makes its pass values NaN).
     */
    static void scatter(Work k, Geo g) {
        double[] v = k.v;
        double[] a = k.a;
        double[] b = k.b;
        double[] y = k.y;
        double[] e = k.e;
        double[] dv = k.dv;
        int h = g.h;
        int w = g.w;
        int oh = g.oh;
        int ow = g.ow;
        for (int zo = 0, q = 0; zo < g.od; zo++) {
            int z0 = first(zo);
            int z1 = end(zo, g.d);
            for (int yo = 0; yo < oh; yo++) {
                int r0 = first(yo);
                int r1 = end(yo, h);
                for (int xo = 0; xo < ow; xo++, q++) {
                    int c0 = first(xo);
                    int c1 = end(xo, w);
                    double best = y[q];
                    int z;
                    int r;
                    int c;
                    if (best == best) {
                        z = firstEqual(b, best, z0, z1, oh * ow, yo * ow + xo);
                        r = firstEqual(a, best, r0, r1, ow, z * h * ow + xo);
                        c = firstEqual(v, best, c0, c1, 1, (z * h + r) * w);
                    } else {
                        z = lastNaN(b, z0, z1, oh * ow, yo * ow + xo);
                        r = lastNaN(a, r0, r1, ow, z * h * ow + xo);
                        c = lastNaN(v, c0, c1, 1, (z * h + r) * w);
                    }
                    dv[(z * h + r) * w + c] += e[q];
                }
            }
        }
    }

    /**
     * The first t in [t0, t1) with x[base + t·stride] == best (t1 − 1 when none: cannot happen for a maximum). A full
     * window of three is decided by two assignments that C2 turns into conditional moves (which of three holds the
     * maximum is as good as random, so branches would be mispredicted about once per window and axis).
     */
    private static int firstEqual(double[] x, double best, int t0, int t1, int stride, int base) {
        int i = base + t0 * stride;
        if (t1 - t0 == 3) {
            int t = t0 + 2;
            if (x[i + stride] == best) {
                t = t0 + 1;
            }
            if (x[i] == best) {
                t = t0;
            }
            return t;
        }
        return t1 - t0 == 2 && x[i] != best ? t0 + 1 : t0;
    }

    /** The last t in [t0, t1) with x[base + t·stride] NaN (t0 when none: cannot happen for a NaN maximum). */
    private static int lastNaN(double[] x, int t0, int t1, int stride, int base) {
        int t = t1 - 1;
        while (t > t0 && x[base + t * stride] == x[base + t * stride]) {
            t--;
        }
        return t;
    }

    @Override
    public void clearNoiseWeightParams() {
        // no parameters
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }
}
