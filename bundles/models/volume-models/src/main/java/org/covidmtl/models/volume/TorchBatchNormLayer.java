package org.covidmtl.models.volume;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link TorchBatchNorm} at work on 5-D NCDHW input. Backward in training (batch statistics):
 * dx = γ/σ·(g − mean(g) − x̂·mean(g·x̂)), dγ = Σ g·x̂, dβ = Σ g; in inference the statistics are constants.
 */
public class TorchBatchNormLayer extends BaseLayer<TorchBatchNorm> {

    private static final long serialVersionUID = 1L;
    private static final int[] REDUCE = {0, 2, 3, 4};

    private transient INDArray xHat;
    private transient INDArray scale; // γ/σ per channel, σ the standard deviation used

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
        INDArray x = input.dataType() == dataType ? input : input.castTo(dataType);
        INDArray gamma = getParam(TorchBatchNormParams.GAMMA);
        INDArray beta = getParam(TorchBatchNormParams.BETA);
        INDArray mean;
        INDArray var;
        if (training) {
            // batch statistics accumulated in double, as PyTorch's CPU kernel does for float32
            INDArray wide = x.dataType() == DataType.DOUBLE ? x : x.castTo(DataType.DOUBLE);
            mean = wide.mean(REDUCE).castTo(dataType);
            var = wide.var(false, REDUCE).castTo(dataType);
            long n = x.length() / x.size(1);
            double m = c.momentum();
            getParam(TorchBatchNormParams.MEAN).muli(1 - m).addi(mean.mul(m));
            getParam(TorchBatchNormParams.VAR).muli(1 - m).addi(var.mul(m * n / (n - 1.0)));
            getParam(TorchBatchNormParams.COUNT).addi(1);
        } else {
            mean = getParam(TorchBatchNormParams.MEAN).dup();
            var = getParam(TorchBatchNormParams.VAR).dup();
        }
        INDArray invStd = Transforms.pow(var.addi(c.eps()), -0.5, false);
        INDArray centred;
        // what the backward pass needs lives outside DL4J's workspaces: they are closed and reopened in between
        try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            scale = invStd.mul(gamma).detach();
            centred = training ? Nd4j.createUninitialized(dataType, x.shape(), 'c')
                    : workspaceMgr.createUninitialized(ArrayType.FF_WORKING_MEM, dataType, x.shape(), 'c');
        }
        Nd4j.getExecutioner().exec(new BroadcastSubOp(x, mean, centred, 1));
        if (training) {
            xHat = Nd4j.getExecutioner().exec(new BroadcastMulOp(centred, invStd, centred, 1));
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
            Nd4j.getExecutioner().exec(new BroadcastMulOp(xHat, gamma, out, 1));
            return Nd4j.getExecutioner().exec(new BroadcastAddOp(out, beta, out, 1));
        }
        xHat = null;
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
        Nd4j.getExecutioner().exec(new BroadcastMulOp(centred, scale, out, 1));
        return Nd4j.getExecutioner().exec(new BroadcastAddOp(out, beta, out, 1));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        INDArray g = epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType);
        INDArray hat = xHat;
        if (hat == null) { // inference statistics: x̂ recomputed from the input
            INDArray gamma = getParam(TorchBatchNormParams.GAMMA);
            INDArray mean = getParam(TorchBatchNormParams.MEAN);
            hat = input.dup('c');
            Nd4j.getExecutioner().exec(new BroadcastSubOp(hat, mean, hat, 1));
            Nd4j.getExecutioner().exec(new BroadcastMulOp(hat, scale.div(gamma), hat, 1));
        }
        // reductions in double (float32 sums over ~10^5 elements per channel lose the exact cancellation
        // that makes the gradient of a bias feeding a training-mode BN zero)
        INDArray gWide = g.castTo(DataType.DOUBLE);
        INDArray dBeta = gWide.sum(REDUCE).castTo(dataType);
        INDArray dGamma = gWide.mul(hat.castTo(DataType.DOUBLE)).sum(REDUCE).castTo(dataType); // not in place: g may be gWide
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, g.shape(), 'c');
        if (xHat != null) {
            long n = g.length() / g.size(1);
            Nd4j.getExecutioner().exec(new BroadcastMulOp(hat, dGamma.div(n), dx, 1));
            dx.rsubi(g);
            Nd4j.getExecutioner().exec(new BroadcastSubOp(dx, dBeta.div(n), dx, 1));
            Nd4j.getExecutioner().exec(new BroadcastMulOp(dx, scale, dx, 1));
        } else {
            Nd4j.getExecutioner().exec(new BroadcastMulOp(g, scale, dx, 1));
        }
        Gradient ret = new DefaultGradient(gradientsFlattened);
        gradientViews.get(TorchBatchNormParams.GAMMA).assign(dGamma);
        gradientViews.get(TorchBatchNormParams.BETA).assign(dBeta);
        for (String k : new String[] {TorchBatchNormParams.MEAN, TorchBatchNormParams.VAR, TorchBatchNormParams.COUNT}) {
            gradientViews.get(k).assign(0);
        }
        for (String k : TorchBatchNormParams.INSTANCE.paramKeys(layerConf())) {
            ret.setGradientFor(k, gradientViews.get(k));
        }
        return new Pair<>(ret, dx);
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
