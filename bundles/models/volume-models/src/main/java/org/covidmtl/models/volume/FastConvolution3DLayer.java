package org.covidmtl.models.volume;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.Convolution3DLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link FastConvolution3D} at work. The forward pass is libnd4j's {@code conv3dnew} (oneDNN) as DL4J calls it, but
 * with the weights in their own layout ({@link #opArgs}). The backward pass, with
 * δ = ε when the activation is the identity (DL4J recomputes the whole forward convolution for its activation
 * derivative) and DL4J's recomputed δ otherwise:
 * <ul>
 * <li>without columns: libnd4j's {@code conv3dnew_bp} with the weights and their gradient in the parameters' own
 * layout [out, in, kD, kH, kW] (its weight format 1; DL4J's {@code Convolution3DLayer} passes them permuted);</li>
 * <li>with columns (NCDHW, Truncate with explicit padding, no dilation), per sample n, with W₂ = W as
 * [out, in·kD·kH·kW] and C<sub>n</sub> the column matrix [in·kD·kH·kW, output voxels] (zero outside the input; for a
 * 1×1×1, stride 1, unpadded kernel the input itself, no copy) built in Java for blocks of output planes (at most
 * {@link #columnBlock} values): dW₂ = Σ<sub>n</sub> δ<sub>n</sub>·C<sub>n</sub>ᵀ, db = Σ δ (in double),
 * dC<sub>n</sub> = W₂ᵀ·δ<sub>n</sub> (ND4J {@code gemm}) folded back onto the input in Java (col2im, in double per
 * input voxel). Equal to libnd4j's within float rounding (other summation orders).</li>
 * </ul>
 * Without an input gradient ({@link FastConvolution3D#isInputGradient()} false) the column path leaves out
 * W₂ᵀ·δ and the fold back, and the backward pass returns no input gradient.
 */
public class FastConvolution3DLayer extends Convolution3DLayer {

    private static final long serialVersionUID = 1L;

    /** Largest column block (values) built at once (tests make it small to exercise the blocking). */
    static long columnBlock = 1L << 24;

    public FastConvolution3DLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Geometry of one call. */
    private record Geo(int n, int cin, int d, int h, int w, int cout, int kd, int kh, int kw, int sd, int sh, int sw,
            int pd, int ph, int pw, int od, int oh, int ow) {

        int taps() {
            return kd * kh * kw;
        }

        int rows() {
            return cin * taps();
        }

        int inVoxels() {
            return d * h * w;
        }

        int outPlane() {
            return oh * ow;
        }

        int outVoxels() {
            return od * oh * ow;
        }

        boolean pointwise() {
            return kd == 1 && kh == 1 && kw == 1 && sd == 1 && sh == 1 && sw == 1 && pd == 0 && ph == 0 && pw == 0;
        }

        /** Output planes per column block. */
        int planesPerBlock() {
            return (int) Math.max(1, Math.min(od, columnBlock / Math.max(1L, (long) rows() * outPlane())));
        }
    }

    private Geo geometry(INDArray x) {
        Convolution3D c = (Convolution3D) layerConf();
        if (c.getDataFormat() != Convolution3D.DataFormat.NCDHW || c.getConvolutionMode() == ConvolutionMode.Same) {
            throw new IllegalStateException(layerId() + ": FastConvolution3D supports NCDHW in Truncate/Strict mode");
        }
        for (int v : c.getDilation()) {
            if (v != 1) {
                throw new IllegalStateException(layerId() + ": FastConvolution3D supports no dilation");
            }
        }
        if (x.rank() != 5 || x.size(1) != c.getNIn()) {
            throw new IllegalStateException(layerId() + ": expected NCDHW input with " + c.getNIn() + " channels, got "
                    + java.util.Arrays.toString(x.shape()));
        }
        int[] k = c.getKernelSize();
        int[] s = c.getStride();
        int[] p = c.getPadding();
        int d = (int) x.size(2);
        int h = (int) x.size(3);
        int w = (int) x.size(4);
        return new Geo((int) x.size(0), (int) x.size(1), d, h, w, (int) c.getNOut(), k[0], k[1], k[2], s[0], s[1], s[2],
                p[0], p[1], p[2], (d + 2 * p[0] - k[0]) / s[0] + 1, (h + 2 * p[1] - k[1]) / s[1] + 1,
                (w + 2 * p[2] - k[2]) / s[2] + 1);
    }

    /**
     * The forward convolution as DL4J's ({@code conv3dnew}, oneDNN) but with the weights in their own layout
     * ({@link #opArgs}); DL4J's {@code activate} applies the activation as before.
     */
    @Override
    protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray x = input.dataType() == dataType ? input : input.castTo(dataType);
        Geo g = geometry(x);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {g.n(), g.cout(), g.od(), g.oh(), g.ow()}, 'c');
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv3dnew").addIntegerArguments(opArgs())
                .callInplace(false).addOutputs(out);
        INDArray w = getParamWithNoise("W", training, workspaceMgr);
        if (layerConf().hasBias()) {
            op.addInputs(x, w, getParamWithNoise("b", training, workspaceMgr));
        } else {
            op.addInputs(x, w);
        }
        Nd4j.getExecutioner().exec(op.build());
        return new Pair<>(out, null);
    }

    /**
     * libnd4j's integer arguments: kernel, stride, padding, dilation, padding mode 0 (explicit), 0 = NCDHW, weight
     * format 1 = [out, in, kD, kH, kW], the layout the parameters have. DL4J passes them permuted to format 0
     * ([kD, kH, kW, in, out]), which libnd4j then reorders: on the small maps of the last Fire modules that took as long
     * as the backward op itself; the results are the same.
     */
    private int[] opArgs() {
        Convolution3D c = (Convolution3D) layerConf();
        int[] k = c.getKernelSize();
        int[] s = c.getStride();
        int[] p = c.getPadding();
        int[] d = c.getDilation();
        return new int[] {k[0], k[1], k[2], s[0], s[1], s[2], p[0], p[1], p[2], d[0], d[1], d[2], 0, 0, 1};
    }

    private boolean columns() {
        return ((FastConvolution3D) layerConf()).isColumns();
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray x = ChannelKernels.direct(input.dataType() == dataType ? input : input.castTo(dataType));
        Geo g = geometry(x);
        INDArray delta;
        if (layerConf().getActivationFn() instanceof ActivationIdentity) {
            delta = epsilon;
        } else {
            INDArray z = preOutput(true, true, workspaceMgr).getFirst();
            delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        }
        boolean needDx = ((FastConvolution3D) layerConf()).isInputGradient();
        if (!columns()) {
            return nativeBackward(x, delta, needDx, workspaceMgr);
        }
        delta = ChannelKernels.direct(delta.dataType() == dataType ? delta : delta.castTo(dataType));
        INDArray delta3 = delta.reshape('c', g.n(), g.cout(), g.outVoxels());
        INDArray w2 = getParamWithNoise("W", true, workspaceMgr).reshape('c', g.cout(), g.rows());
        INDArray dW2 = Nd4j.create(dataType, g.cout(), g.rows());
        INDArray dx = needDx ? workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c')
                : null;
        INDArray dx3 = needDx ? dx.reshape('c', g.n(), g.cin(), g.inVoxels()) : null;
        if (g.pointwise()) {
            INDArray x3 = x.reshape('c', g.n(), g.cin(), g.inVoxels());
            for (int i = 0; i < g.n(); i++) {
                Nd4j.gemm(sample(delta3, i), sample(x3, i), dW2, false, true, 1.0, 1.0);
                if (needDx) {
                    Nd4j.gemm(w2, sample(delta3, i), sample(dx3, i), true, false, 1.0, 0.0);
                }
            }
        } else {
            int planes = g.planesPerBlock();
            INDArray cols = Nd4j.createUninitialized(dataType, g.rows(), (long) planes * g.outPlane());
            INDArray dCols = needDx ? Nd4j.createUninitialized(dataType, g.rows(), (long) planes * g.outPlane()) : null;
            INDArray dz = planes == g.od() ? null
                    : Nd4j.createUninitialized(dataType, g.cout(), (long) planes * g.outPlane());
            double[][] acc = new double[g.cin()][];
            for (int i = 0; i < g.n(); i++) {
                for (int c = 0; needDx && c < g.cin(); c++) {
                    if (acc[c] == null) {
                        acc[c] = new double[g.inVoxels()];
                    } else {
                        java.util.Arrays.fill(acc[c], 0);
                    }
                }
                for (int p0 = 0; p0 < g.od(); p0 += planes) {
                    int np = Math.min(planes, g.od() - p0);
                    long len = (long) np * g.outPlane();
                    INDArray colsB = block(cols, len);
                    im2col(x, g, i, p0, np, colsB);
                    // one block of all planes: the sample's δ itself (a contiguous [out, voxels] slice), else a copy
                    INDArray dzB = np == g.od() ? sample(delta3, i) : block(dz, len).assign(sample(delta3, i).get(
                            NDArrayIndex.all(), NDArrayIndex.interval((long) p0 * g.outPlane(),
                                    (long) p0 * g.outPlane() + len)));
                    Nd4j.gemm(dzB, colsB, dW2, false, true, 1.0, 1.0);
                    if (needDx) {
                        INDArray dColsB = block(dCols, len);
                        Nd4j.gemm(w2, dzB, dColsB, true, false, 1.0, 0.0);
                        col2im(dColsB, g, p0, np, acc);
                    }
                }
                int sampleIndex = i;
                if (needDx) {
                    ChannelKernels.perChannel(g.cin(), c -> writeRange(dx3,
                            ((long) sampleIndex * g.cin() + c) * g.inVoxels(), acc[c]));
                }
            }
        }
        Gradient ret = new DefaultGradient();
        if (layerConf().hasBias()) {
            INDArray db = Nd4j.createFromArray(ChannelKernels.channelSums(delta)).castTo(dataType);
            INDArray bView = gradientViews.get("b");
            bView.assign(db.reshape(bView.shape()));
            ret.setGradientFor("b", bView);
        }
        INDArray wView = gradientViews.get("W");
        wView.assign(dW2.reshape('c', wView.shape()));
        ret.setGradientFor("W", wView, 'c');
        weightNoiseParams.clear();
        return new Pair<>(ret, needDx ? backpropDropOutIfPresent(dx) : null);
    }

    private Pair<Gradient, INDArray> nativeBackward(INDArray x, INDArray delta, boolean needDx,
            LayerWorkspaceMgr workspaceMgr) {
        Convolution3D c = (Convolution3D) layerConf();
        int[] args = opArgs();
        INDArray weights = getParamWithNoise("W", true, workspaceMgr);
        INDArray wGrad = gradientViews.get("W");
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        Gradient ret = new DefaultGradient();
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv3dnew_bp").addIntegerArguments(args)
                .callInplace(false);
        if (c.hasBias()) {
            INDArray bGrad = gradientViews.get("b");
            op.addInputs(x, weights, getParamWithNoise("b", true, workspaceMgr), delta)
                    .addOutputs(dx, wGrad, bGrad);
            ret.setGradientFor("b", bGrad);
        } else {
            op.addInputs(x, weights, delta).addOutputs(dx, wGrad);
        }
        Nd4j.getExecutioner().exec(op.build());
        ret.setGradientFor("W", wGrad, 'c');
        weightNoiseParams.clear();
        return new Pair<>(ret, needDx ? backpropDropOutIfPresent(dx) : null); // the op writes dx regardless
    }

    private static INDArray sample(INDArray a3, int i) {
        return a3.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
    }

    /** The first {@code len} columns of a c-ordered [rows, cap] buffer, as a contiguous [rows, len] matrix. */
    private static INDArray block(INDArray buffer, long len) {
        return len == buffer.size(1) ? buffer
                // new long[]: reshape('c', n) would be reshape(long rows, long columns) with 'c' as 99 rows
                : buffer.reshape('c', new long[] {buffer.length()}).get(NDArrayIndex.interval(0, buffer.size(0) * len))
                        .reshape('c', buffer.size(0), len);
    }

    /**
     * Columns of sample i for output planes [p0, p0 + np) into cols [rows, np·oh·ow] (direct, c order): each input
     * channel read once (floats as floats), then one task per (channel, tap) row, in parallel (the stem has one
     * channel); a row copies the input columns that fall inside the volume and leaves the padding zero.
     */
    private void im2col(INDArray x, Geo g, int i, int p0, int np, INDArray cols) {
        int len = np * g.outPlane();
        boolean f32 = x.dataType() == DataType.FLOAT;
        Object[] vols = new Object[g.cin()];
        ChannelKernels.perChannel(g.cin(), c -> {
            long from = ((long) i * g.cin() + c) * g.inVoxels();
            if (f32) {
                float[] v = new float[g.inVoxels()];
                ChannelKernels.readRange(x, from, v, 0, v.length);
                vols[c] = v;
            } else {
                double[] v = new double[g.inVoxels()];
                readRange(x, from, v);
                vols[c] = v;
            }
        });
        ChannelKernels.perChannel(g.rows(), r -> {
            int c = r / g.taps();
            int tap = r % g.taps();
            int a = tap / (g.kh() * g.kw());
            int b = tap / g.kw() % g.kh();
            int e = tap % g.kw();
            // output columns whose input column xo·sw − pw + e lies in [0, w)
            int x0 = Math.max(0, ceilDiv(g.pw() - e, g.sw()));
            int x1 = Math.min(g.ow(), ceilDiv(g.w() + g.pw() - e, g.sw()));
            Object row = f32 ? new float[len] : new double[len]; // zero: the padding
            int o = 0;
            for (int zo = p0; zo < p0 + np; zo++) {
                int zi = zo * g.sd() - g.pd() + a;
                for (int yo = 0; yo < g.oh(); yo++, o += g.ow()) {
                    int yi = yo * g.sh() - g.ph() + b;
                    if (zi < 0 || zi >= g.d() || yi < 0 || yi >= g.h()) {
                        continue;
                    }
                    int from = (zi * g.h() + yi) * g.w() + x0 * g.sw() - g.pw() + e;
                    if (f32) {
                        copyStrided((float[]) vols[c], from, g.sw(), (float[]) row, o + x0, x1 - x0);
                    } else {
                        copyStrided((double[]) vols[c], from, g.sw(), (double[]) row, o + x0, x1 - x0);
                    }
                }
            }
            if (f32) {
                ChannelKernels.writeRange(cols, (long) r * len, (float[]) row, 0, len);
            } else {
                writeRange(cols, (long) r * len, (double[]) row, len);
            }
        });
    }

    /** ⌈a / b⌉ for b &gt; 0. */
    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    /** dst[to + j] = src[from + j·stride] for j &lt; n. */
    private static void copyStrided(float[] src, int from, int stride, float[] dst, int to, int n) {
        for (int j = 0; j < n; j++) {
            dst[to + j] = src[from + j * stride];
        }
    }

    /** {@link #copyStrided(float[], int, int, float[], int, int)} on doubles. */
    private static void copyStrided(double[] src, int from, int stride, double[] dst, int to, int n) {
        for (int j = 0; j < n; j++) {
            dst[to + j] = src[from + j * stride];
        }
    }

    /** Adds the column gradients [rows, np·oh·ow] of output planes [p0, p0 + np) onto acc[channel][input voxel]. */
    private void col2im(INDArray dCols, Geo g, int p0, int np, double[][] acc) {
        int len = np * g.outPlane();
        ChannelKernels.perChannel(g.cin(), c -> {
            double[] vol = acc[c];
            double[] row = new double[len];
            int tap = 0;
            for (int a = 0; a < g.kd(); a++) {
                for (int b = 0; b < g.kh(); b++) {
                    for (int e = 0; e < g.kw(); e++, tap++) {
                        readRange(dCols, ((long) c * g.taps() + tap) * len, row, len);
                        int o = 0;
                        for (int zo = p0; zo < p0 + np; zo++) {
                            int zi = zo * g.sd() - g.pd() + a;
                            boolean zin = zi >= 0 && zi < g.d();
                            for (int yo = 0; yo < g.oh(); yo++) {
                                int yi = yo * g.sh() - g.ph() + b;
                                boolean in = zin && yi >= 0 && yi < g.h();
                                int base = (zi * g.h() + yi) * g.w();
                                for (int xo = 0; xo < g.ow(); xo++, o++) {
                                    int xi = xo * g.sw() - g.pw() + e;
                                    if (in && xi >= 0 && xi < g.w()) {
                                        vol[base + xi] += row[o];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    private static void readRange(INDArray a, long from, double[] dst) {
        readRange(a, from, dst, dst.length);
    }

    private static void readRange(INDArray a, long from, double[] dst, int len) {
        ChannelKernels.readRange(a, from, dst, len);
    }

    private static void writeRange(INDArray a, long from, double[] src) {
        ChannelKernels.writeRange(a, from, src, src.length);
    }

    private static void writeRange(INDArray a, long from, double[] src, int len) {
        ChannelKernels.writeRange(a, from, src, len);
    }
}
