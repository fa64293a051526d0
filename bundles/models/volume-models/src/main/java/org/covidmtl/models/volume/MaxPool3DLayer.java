package org.covidmtl.models.volume;

import java.util.stream.IntStream;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link MaxPool3D} at work: per (sample, channel) volume, in parallel, the 3×3×3 maximum as three separable passes
 * of width 3 and stride 2 (a box maximum is the maximum of maxima along each axis): along w over the whole volume,
 * then along h, then along d, about 2.6 reads per input voxel instead of 27 per output. A selection, so float and
 * double outputs are exactly the input's values.
 * <p>
 * In training each pass also keeps where its maximum came from, with PyTorch's rule: scanning in order, a value
 * greater than the best so far, or a NaN, takes over. Reducing w first, then h, then d makes that the first maximum
 * of the window in d, h, w order (the order PyTorch's kernel scans), and a NaN anywhere wins, as there. The
 * backward pass adds each output's gradient at its arg-max (windows overlap by one voxel, so a position may collect
 * several). The arg-maxes are kept only in training.
 */
public class MaxPool3DLayer extends ArgMaxPoolingLayer<MaxPool3D> {

    private static final long serialVersionUID = 1L;

    /** Per thread: work arrays of doubles (input, w pass, h pass, output) and ints (w and h pass positions). */
    private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

    public MaxPool3DLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** One sample-channel volume's geometry. */
    private record Geo(int d, int h, int w, int od, int oh, int ow) {
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
        int[] ia = new int[0];
        int[] ib = new int[0];

        Work size(Geo g, boolean positions) {
            int na = g.d * g.h * g.ow;
            int nb = g.d * g.oh * g.ow;
            v = v.length < g.inVol() ? new double[g.inVol()] : v;
            a = a.length < na ? new double[na] : a;
            b = b.length < nb ? new double[nb] : b;
            y = y.length < g.outVol() ? new double[g.outVol()] : y;
            if (positions) {
                ia = ia.length < na ? new int[na] : ia;
                ib = ib.length < nb ? new int[nb] : ib;
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
        int[] arg = training ? new int[nc * g.outVol()] : null;
        IntStream.range(0, nc).parallel().forEach(m -> {
            Work k = WORK.get().size(g, arg != null);
            ChannelKernels.readRange(x, (long) m * g.inVol(), k.v, g.inVol());
            if (arg == null) {
                maxima(k, g);
            } else {
                maximaAt(k, g, arg, m * g.outVol());
            }
            ChannelKernels.writeRange(out, (long) m * g.outVol(), k.y, g.outVol());
        });
        keep(arg, s);
        return out;
    }

    /** Window [2o − 1, 2o + 1] ∩ [0, n): first index. */
    private static int first(int o) {
        return Math.max(0, 2 * o - 1);
    }

    /** Window [2o − 1, 2o + 1] ∩ [0, n): one past the last index. */
    private static int end(int o, int n) {
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
     * The maxima and where they are (training): k.v → k.y, and arg[base + q] the flat input index of output q's
     * maximum. Each pass scans in index order and lets a greater value or a NaN take over.
     */
    static void maximaAt(Work k, Geo g, int[] arg, int base) {
        double[] v = k.v;
        double[] a = k.a;
        double[] b = k.b;
        double[] y = k.y;
        int[] ia = k.ia;
        int[] ib = k.ib;
        int w = g.w;
        int ow = g.ow;
        for (int row = 0, rows = g.d * g.h; row < rows; row++) {
            int in = row * w;
            int o = row * ow;
            for (int c = 0; c < ow; c++) {
                int c0 = first(c);
                int i = in + c0;
                double best = v[i];
                int at = c0;
                if (c0 + 1 < w) { // the window's second and third voxels, as far as the row goes
                    double val = v[i + 1];
                    if (val > best || val != val) {
                        best = val;
                        at = c0 + 1;
                    }
                    if (c > 0 && c0 + 2 < w) {
                        val = v[i + 2];
                        if (val > best || val != val) {
                            best = val;
                            at = c0 + 2;
                        }
                    }
                }
                a[o + c] = best;
                ia[o + c] = at; // column
            }
        }
        maxAlongAt(a, ia, b, ib, 0, g.d, g.h, ow, w); // positions row·w + column
        maxAlongAt(b, ib, y, arg, base, 1, g.d, g.oh * ow, g.h * w); // positions (plane·h + row)·w + column
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

    /**
     * {@link #maxAlong} keeping where each maximum came from: scanning the window in order, a greater value or a
     * NaN takes over, and the winner's position is t·step + its position in src (dstPos from dstOff).
     */
    private static void maxAlongAt(double[] src, int[] srcPos, double[] dst, int[] dstPos, int dstOff, int outer,
            int n, int inner, int step) {
        int o = MaxPool3D.outputLength(n);
        for (int q = 0; q < outer; q++) {
            for (int j = 0; j < o; j++) {
                int out = (q * o + j) * inner;
                int t0 = first(j);
                int t1 = end(j, n);
                for (int i = 0; i < inner; i++) {
                    int in = (q * n + t0) * inner + i;
                    double best = src[in];
                    int at = t0 * step + srcPos[in];
                    for (int t = t0 + 1; t < t1; t++) {
                        in += inner;
                        double val = src[in];
                        if (val > best || val != val) {
                            best = val;
                            at = t * step + srcPos[in];
                        }
                    }
                    dst[out + i] = best;
                    dstPos[dstOff + out + i] = at;
                }
            }
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        int[] arg = argmax();
        long[] s = inputShape();
        Geo g = Geo.of(s);
        int nc = Math.toIntExact(s[0] * s[1]);
        int inVol = g.inVol();
        int outVol = g.outVol();
        INDArray eps = ChannelKernels.direct(epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType));
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, s, 'c');
        IntStream.range(0, nc).parallel().forEach(m -> {
            Work k = WORK.get().size(g, false);
            double[] gv = k.y;
            double[] dv = k.v;
            java.util.Arrays.fill(dv, 0, inVol, 0);
            ChannelKernels.readRange(eps, (long) m * outVol, gv, outVol);
            for (int q = 0, base = m * outVol; q < outVol; q++) {
                dv[arg[base + q]] += gv[q];
            }
            ChannelKernels.writeRange(dx, (long) m * inVol, dv, inVol);
        });
        return new Pair<>(new DefaultGradient(), dx);
    }
}
