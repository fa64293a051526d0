package org.covidmtl.models.volume.zoo;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.covidmtl.models.volume.ArgMaxPoolingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link AdaptiveMaxPool3D} at work, as PyTorch's CPU kernel: for each (sample, channel) and output cell, the
 * maximum over its box, scanning d, then h, then w and keeping the first maximum (a NaN wins); the backward pass
 * adds each output's gradient at that arg-max (boxes overlap when sizes do not divide, so positions may collect
 * several). Plain loops over the copied activations: the maps it pools are small (DeCoVNet's progressive
 * classifier) and ND4J has no adaptive pooling op.
 */
public class AdaptiveMaxPool3DLayer extends ArgMaxPoolingLayer<AdaptiveMaxPool3D> {

    private static final long serialVersionUID = 1L;

    public AdaptiveMaxPool3DLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (input.rank() != 5) {
            throw new IllegalStateException("AdaptiveMaxPool3D " + layerId() + " needs 5-D NCDHW input, got shape "
                    + java.util.Arrays.toString(input.shape()));
        }
        long[] s = input.shape();
        int[] o = layerConf().getOutputSize();
        int nc = Math.toIntExact(s[0] * s[1]);
        int d = (int) s[2];
        int h = (int) s[3];
        int w = (int) s[4];
        int inVol = d * h * w;
        int outVol = o[0] * o[1] * o[2];
        double[] x = input.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] y = new double[nc * outVol];
        int[] arg = new int[nc * outVol];
        int[][] dWin = windows(d, o[0]);
        int[][] hWin = windows(h, o[1]);
        int[][] wWin = windows(w, o[2]);
        for (int m = 0; m < nc; m++) {
            int base = m * inVol;
            int out = m * outVol;
            for (int i = 0; i < o[0]; i++) {
                for (int j = 0; j < o[1]; j++) {
                    for (int k = 0; k < o[2]; k++, out++) {
                        double best = Double.NEGATIVE_INFINITY;
                        int at = -1;
                        for (int z = dWin[0][i]; z < dWin[1][i]; z++) {
                            for (int r = hWin[0][j]; r < hWin[1][j]; r++) {
                                int row = (z * h + r) * w;
                                for (int c = wWin[0][k]; c < wWin[1][k]; c++) {
                                    double v = x[base + row + c];
                                    if (at < 0 || v > best || Double.isNaN(v)) {
                                        best = v;
                                        at = row + c;
                                    }
                                }
                            }
                        }
                        y[out] = best;
                        arg[out] = at;
                    }
                }
            }
        }
        keep(arg, s);
        INDArray result = Nd4j.create(y, new long[] {s[0], s[1], o[0], o[1], o[2]}, 'c').castTo(dataType);
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, result);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        int[] argmax = argmax();
        long[] s = inputShape();
        int nc = Math.toIntExact(s[0] * s[1]);
        int inVol = (int) (s[2] * s[3] * s[4]);
        int outVol = argmax.length / nc;
        double[] g = epsilon.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] dx = new double[nc * inVol];
        for (int m = 0; m < nc; m++) {
            int base = m * inVol;
            for (int q = m * outVol, end = q + outVol; q < end; q++) {
                dx[base + argmax[q]] += g[q];
            }
        }
        INDArray grad = Nd4j.create(dx, s, 'c').castTo(dataType);
        return new Pair<>(new DefaultGradient(), workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, grad));
    }

    /** [starts, ends] of the windows of an axis of n → o. */
    private static int[][] windows(int n, int o) {
        int[][] win = new int[2][o];
        for (int i = 0; i < o; i++) {
            win[0][i] = AdaptiveMaxPool3D.start(i, n, o);
            win[1][i] = AdaptiveMaxPool3D.end(i, n, o);
        }
        return win;
    }
}
