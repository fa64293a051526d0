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
 * {@link MaxPool3D} at work, as PyTorch's CPU kernel: per (sample, channel) volume, in parallel, each output the
 * maximum over its window scanned d, then h, then w, keeping the first maximum (a NaN wins); the backward pass adds
 * each output's gradient at that arg-max (windows overlap by one voxel, so a position may collect two). A selection,
 * so float and double values are exactly the input's. The arg-maxes are kept only in training.
 */
public class MaxPool3DLayer extends AbstractLayer<MaxPool3D> {

    private static final long serialVersionUID = 1L;
    private static final ThreadLocal<double[][]> WORK = ThreadLocal.withInitial(() -> new double[][] {new double[0],
        new double[0]});

    /** Arg-max (flat index within its sample-channel volume) of every output of the last training forward pass. */
    private transient int[] argmax;
    private transient long[] inputShape;

    public MaxPool3DLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
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
        int d = (int) s[2];
        int h = (int) s[3];
        int w = (int) s[4];
        int od = MaxPool3D.outputLength(d);
        int oh = MaxPool3D.outputLength(h);
        int ow = MaxPool3D.outputLength(w);
        int inVol = d * h * w;
        int outVol = od * oh * ow;
        int nc = Math.toIntExact(s[0] * s[1]);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                new long[] {s[0], s[1], od, oh, ow}, 'c');
        int[] arg = training ? new int[nc * outVol] : null;
        IntStream.range(0, nc).parallel().forEach(m -> {
            double[] v = work(0, inVol);
            double[] y = work(1, outVol);
            ChannelKernels.readRange(x, (long) m * inVol, v, inVol);
            int q = 0;
            for (int i = 0; i < od; i++) {
                int z0 = Math.max(0, 2 * i - 1);
                int z1 = Math.min(d, 2 * i + 2);
                for (int j = 0; j < oh; j++) {
                    int r0 = Math.max(0, 2 * j - 1);
                    int r1 = Math.min(h, 2 * j + 2);
                    for (int k = 0; k < ow; k++, q++) {
                        int c0 = Math.max(0, 2 * k - 1);
                        int c1 = Math.min(w, 2 * k + 2);
                        double best = Double.NEGATIVE_INFINITY;
                        int at = -1;
                        for (int z = z0; z < z1; z++) {
                            for (int r = r0; r < r1; r++) {
                                int row = (z * h + r) * w;
                                for (int c = c0; c < c1; c++) {
                                    double val = v[row + c];
                                    if (at < 0 || val > best || Double.isNaN(val)) {
                                        best = val;
                                        at = row + c;
                                    }
                                }
                            }
                        }
                        y[q] = best;
                        if (arg != null) {
                            arg[m * outVol + q] = at;
                        }
                    }
                }
            }
            ChannelKernels.writeRange(out, (long) m * outVol, y, outVol);
        });
        argmax = arg;
        inputShape = s.clone();
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (argmax == null) {
            throw new IllegalStateException("MaxPool3D " + layerId() + ": backward without a training forward pass");
        }
        long[] s = inputShape;
        int nc = Math.toIntExact(s[0] * s[1]);
        int inVol = (int) (s[2] * s[3] * s[4]);
        int outVol = argmax.length / nc;
        INDArray g = ChannelKernels.direct(epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType));
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, s, 'c');
        int[] arg = argmax;
        IntStream.range(0, nc).parallel().forEach(m -> {
            double[] gv = work(1, outVol);
            double[] dv = work(0, inVol);
            java.util.Arrays.fill(dv, 0, inVol, 0);
            ChannelKernels.readRange(g, (long) m * outVol, gv, outVol);
            for (int q = 0, base = m * outVol; q < outVol; q++) {
                dv[arg[base + q]] += gv[q];
            }
            ChannelKernels.writeRange(dx, (long) m * inVol, dv, inVol);
        });
        return new Pair<>(new DefaultGradient(), dx);
    }

    private static double[] work(int slot, int n) {
        double[][] w = WORK.get();
        if (w[slot].length < n) {
            w[slot] = new double[n];
        }
        return w[slot];
    }

    @Override
    public void clearNoiseWeightParams() {
        // no parameters
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clear() {
        super.clear();
        argmax = null;
        inputShape = null;
    }
}
