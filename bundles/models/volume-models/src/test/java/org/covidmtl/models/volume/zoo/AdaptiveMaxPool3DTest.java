package org.covidmtl.models.volume.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link AdaptiveMaxPool3DLayer} against PyTorch's definition written out here (windows [⌊i·n/o⌋, ⌈(i+1)·n/o⌉)),
 * on sizes that shrink unevenly, grow, and stay; backward against central differences of Σ r·y.
 */
class AdaptiveMaxPool3DTest {

    private static AdaptiveMaxPool3DLayer layer(int... out) {
        org.deeplearning4j.nn.conf.NeuralNetConfiguration conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration();
        conf.setLayer(new AdaptiveMaxPool3D("pool", out));
        return new AdaptiveMaxPool3DLayer(conf, DataType.DOUBLE);
    }

    private static double expected(INDArray x, int b, int ch, int[] o, int i, int j, int k) {
        long[] s = x.shape();
        double best = Double.NEGATIVE_INFINITY;
        for (long z = (long) Math.floor((double) i * s[2] / o[0]); z < (long) Math.ceil((i + 1.0) * s[2] / o[0]); z++) {
            for (long r = (long) Math.floor((double) j * s[3] / o[1]); r < (long) Math.ceil((j + 1.0) * s[3] / o[1]); r++) {
                for (long c = (long) Math.floor((double) k * s[4] / o[2]); c < (long) Math.ceil((k + 1.0) * s[4] / o[2]);
                        c++) {
                    best = Math.max(best, x.getDouble(b, ch, z, r, c));
                }
            }
        }
        return best;
    }

    @Test
    void forwardAndBackwardAsPyTorch() {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 5, 7, 4);
        int[] o = {3, 4, 6};
        AdaptiveMaxPool3DLayer l = layer(o);
        l.setInput(x, LayerWorkspaceMgr.noWorkspaces());
        INDArray y = l.activate(true, LayerWorkspaceMgr.noWorkspaces());
        assertArrayEquals(new long[] {2, 3, 3, 4, 6}, y.shape());
        for (int b = 0; b < 2; b++) {
            for (int ch = 0; ch < 3; ch++) {
                for (int i = 0; i < o[0]; i++) {
                    for (int j = 0; j < o[1]; j++) {
                        for (int k = 0; k < o[2]; k++) {
                            assertEquals(expected(x, b, ch, o, i, j, k), y.getDouble(b, ch, i, j, k), 0.0);
                        }
                    }
                }
            }
        }
        INDArray r = Nd4j.rand(DataType.DOUBLE, y.shape());
        INDArray dx = l.backpropGradient(r, LayerWorkspaceMgr.noWorkspaces()).getSecond();
        double eps = 1e-6;
        for (long f = 0; f < x.length(); f++) {
            INDArray xp = x.dup();
            xp.putScalar(f, x.getDouble(f) + eps);
            INDArray xm = x.dup();
            xm.putScalar(f, x.getDouble(f) - eps);
            l.setInput(xp, LayerWorkspaceMgr.noWorkspaces());
            double up = l.activate(false, LayerWorkspaceMgr.noWorkspaces()).mul(r).sumNumber().doubleValue();
            l.setInput(xm, LayerWorkspaceMgr.noWorkspaces());
            double down = l.activate(false, LayerWorkspaceMgr.noWorkspaces()).mul(r).sumNumber().doubleValue();
            assertEquals((up - down) / (2 * eps), dx.getDouble(f), 1e-6, "d/dx[" + f + "]");
        }
    }

    @Test
    void windows() {
        // 28 → 24 (DeCoVNet's first pool on a 250-wide input's map): overlapping windows of 1–2
        assertEquals(0, AdaptiveMaxPool3D.start(0, 28, 24));
        assertEquals(2, AdaptiveMaxPool3D.end(0, 28, 24));
        assertEquals(26, AdaptiveMaxPool3D.start(23, 28, 24));
        assertEquals(28, AdaptiveMaxPool3D.end(23, 28, 24));
        // 8 → 16: every input twice
        assertEquals(3, AdaptiveMaxPool3D.start(7, 8, 16));
        assertEquals(4, AdaptiveMaxPool3D.end(7, 8, 16));
    }
}
