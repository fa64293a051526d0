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
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Relu} at work. Forward: libnd4j's scalar ReLU op from the input into a new array (the values DL4J's
 * {@code ActivationLayer} gives). Backward: dx = 0 where x ≤ 0, else the gradient (a NaN input passes it, as in
 * PyTorch), in Java on float or double chunks in parallel, each read and written in bulk.
 */
public class ReluLayer extends AbstractLayer<Relu> {

    private static final long serialVersionUID = 1L;

    /** Values per parallel chunk of the backward pass. */
    private static final int CHUNK = 1 << 15;

    private static final ThreadLocal<double[][]> DOUBLES = ThreadLocal.withInitial(() -> new double[][] {
        new double[CHUNK], new double[CHUNK]});

    public ReluLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray x = input.dataType() == dataType ? input : input.castTo(dataType);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
        Nd4j.getExecutioner().exec(new RectifiedLinear(x, out, 0.0));
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray x = ChannelKernels.direct(input.dataType() == dataType ? input : input.castTo(dataType));
        INDArray g = ChannelKernels.direct(epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType));
        if (g.length() != x.length()) {
            throw new IllegalStateException("ReLU " + layerId() + ": gradient of shape "
                    + java.util.Arrays.toString(g.shape()) + " for input " + java.util.Arrays.toString(x.shape()));
        }
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        long length = x.length();
        int chunks = (int) ((length + CHUNK - 1) / CHUNK);
        boolean f32 = dataType == DataType.FLOAT;
        IntStream.range(0, chunks).parallel().forEach(k -> {
            long from = (long) k * CHUNK;
            int n = (int) Math.min(CHUNK, length - from);
            if (f32) {
                float[] xv = ChannelKernels.floatWork(0, n);
                float[] gv = ChannelKernels.floatWork(1, n);
                ChannelKernels.readRange(x, from, xv, 0, n);
                ChannelKernels.readRange(g, from, gv, 0, n);
                for (int i = 0; i < n; i++) {
                    gv[i] = Float.intBitsToFloat(Float.floatToRawIntBits(gv[i]) & keep(Float.floatToRawIntBits(xv[i])));
                }
                ChannelKernels.writeRange(dx, from, gv, 0, n);
            } else {
                double[][] w = DOUBLES.get();
                ChannelKernels.readRange(x, from, w[0], 0, n);
                ChannelKernels.readRange(g, from, w[1], 0, n);
                for (int i = 0; i < n; i++) {
                    w[1][i] = Double.longBitsToDouble(Double.doubleToRawLongBits(w[1][i])
                            & keep(Double.doubleToRawLongBits(w[0][i])));
                }
                ChannelKernels.writeRange(dx, from, w[1], 0, n);
            }
        });
        return new Pair<>(new DefaultGradient(), dx);
    }

    /**
     * All ones where the float with bits {@code b} is &gt; 0 or NaN (the gradient passes), else zero: the sign of
     * (~b &amp; −b) is set exactly for b &gt; 0 (a positive value other than +0), the sign of 0x7f800000 − |b| exactly for
     * a NaN. Without a branch: whether an activation is positive is as good as random, and a branch on it was
     * mispredicted so often that the loop took twice as long as DL4J's layer.
     */
    static int keep(int b) {
        return ((~b & -b) | (0x7f800000 - (b & 0x7fffffff))) >> 31;
    }

    /** {@link #keep(int)} for a double's bits. */
    static long keep(long b) {
        return ((~b & -b) | (0x7ff0000000000000L - (b & 0x7fffffffffffffffL))) >> 63;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
        // no parameters
    }
}
