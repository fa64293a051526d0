package org.covidmtl.models.volume;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link FastConvolution3D} (both ways: Java columns + gemm, and libnd4j without the recomputed forward) against DL4J's own {@link Convolution3D} (libnd4j {@code conv3dnew}/{@code _bp}) with the
 * same parameters: output, input gradient, weight and bias gradients, in double (to 1e-12 relative: the same
 * sums in another order) and in float (1e-5), for the kernel/stride/padding combinations of the network and
 * odd sizes, with and without the column blocking.
 */
class FastConvolution3DTest {

    @ParameterizedTest(name = "{0} in={1} out={2} k={3} s={4} p={5} {6} block={7} columns={8}")
    @CsvSource({
        "DOUBLE, 1, 5, 3, 2, 1, IDENTITY, 0, true",
        "DOUBLE, 3, 4, 3, 1, 1, IDENTITY, 0, true",
        "DOUBLE, 3, 4, 3, 1, 1, RELU, 40, true",
        "DOUBLE, 4, 3, 1, 1, 0, IDENTITY, 0, true",
        "DOUBLE, 4, 3, 1, 1, 0, RELU, 0, true",
        "DOUBLE, 2, 3, 3, 1, 0, IDENTITY, 0, true",
        "DOUBLE, 2, 3, 3, 2, 1, IDENTITY, 100, true",
        "DOUBLE, 2, 3, 3, 2, 1, IDENTITY, 1296, true", // 2 of the 3 output planes per block: a partial last block
        "FLOAT, 1, 4, 3, 1, 1, IDENTITY, 2300, true", // 2 of 5 planes per block (27 rows × 42 = 1134 a plane): 2, 2, 1
        "FLOAT, 1, 8, 3, 2, 1, IDENTITY, 0, true",
        "FLOAT, 6, 5, 3, 1, 1, IDENTITY, 0, true",
        "FLOAT, 6, 5, 1, 1, 0, IDENTITY, 0, true",
        "DOUBLE, 3, 4, 3, 1, 1, IDENTITY, 0, false",
        "DOUBLE, 3, 4, 3, 1, 1, RELU, 0, false",
        "DOUBLE, 4, 3, 1, 1, 0, IDENTITY, 0, false",
        "DOUBLE, 1, 5, 3, 2, 1, IDENTITY, 0, false",
        "FLOAT, 6, 5, 3, 1, 1, IDENTITY, 0, false",
        "FLOAT, 6, 5, 1, 1, 0, IDENTITY, 0, false"})
    void equalsDl4jConvolution(DataType type, int in, int out, int k, int s, int p, Activation act, long block,
            boolean columns) {
        long saved = FastConvolution3DLayer.columnBlock;
        if (block > 0) {
            FastConvolution3DLayer.columnBlock = block;
        }
        try {
            Nd4j.getRandom().setSeed(5);
            INDArray x = Nd4j.rand(type, 2, in, 5, 7, 6).subi(0.5);
            Layer ref = layer(type, in, out, k, s, p, act, false, false);
            Layer gemm = layer(type, in, out, k, s, p, act, true, columns);
            gemm.setParams(ref.params().dup());
            INDArray yRef = ref.activate(x, true, LayerWorkspaceMgr.noWorkspaces()).dup();
            INDArray yGemm = gemm.activate(x, true, LayerWorkspaceMgr.noWorkspaces()).dup();
            double tol = type == DataType.DOUBLE ? 1e-12 : 1e-5;
            close("output", yGemm, yRef, tol);
            INDArray eps = Nd4j.rand(type, yRef.shape()).subi(0.5);
            Pair<Gradient, INDArray> gRef = ref.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces());
            INDArray dxRef = gRef.getSecond().dup();
            INDArray dwRef = gRef.getFirst().getGradientFor("W").dup();
            INDArray dbRef = gRef.getFirst().getGradientFor("b").dup();
            Pair<Gradient, INDArray> gGemm = gemm.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces());
            close("input gradient", gGemm.getSecond(), dxRef, tol);
            close("weight gradient", gGemm.getFirst().getGradientFor("W"), dwRef, tol);
            close("bias gradient", gGemm.getFirst().getGradientFor("b"), dbRef, tol);
        } finally {
            FastConvolution3DLayer.columnBlock = saved;
        }
    }

    @ParameterizedTest(name = "columns {0}")
    @ValueSource(booleans = {true, false})
    void withoutAnInputGradientTheParameterGradientsAreUnchanged(boolean columns) {
        // the stem on the network's input: PyTorch computes no gradient for an input that does not require one
        Nd4j.getRandom().setSeed(6);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 5, 7, 6).subi(0.5);
        Layer ref = layer(DataType.FLOAT, 1, 4, 3, 2, 1, Activation.IDENTITY, false, false, true, 0);
        Layer ours = layer(DataType.FLOAT, 1, 4, 3, 2, 1, Activation.IDENTITY, true, columns, false, 0);
        ours.setParams(ref.params().dup());
        INDArray y = ref.activate(x, true, LayerWorkspaceMgr.noWorkspaces()).dup();
        ours.activate(x, true, LayerWorkspaceMgr.noWorkspaces());
        INDArray eps = Nd4j.rand(DataType.FLOAT, y.shape()).subi(0.5);
        Gradient gRef = ref.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces()).getFirst();
        INDArray dwRef = gRef.getGradientFor("W").dup();
        INDArray dbRef = gRef.getGradientFor("b").dup();
        Pair<Gradient, INDArray> g = ours.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces());
        assertNull(g.getSecond(), "no input gradient");
        close("weight gradient", g.getFirst().getGradientFor("W"), dwRef, 1e-5);
        close("bias gradient", g.getFirst().getGradientFor("b"), dbRef, 1e-5);
    }

    @org.junit.jupiter.api.Test
    void withDropoutAndAReluAsTheHeadsHaveTheInputGradientGoesThroughTheDropout() {
        Nd4j.getRandom().setSeed(8);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 6, 5, 7, 6).subi(0.5);
        Layer ref = layer(DataType.FLOAT, 6, 4, 1, 1, 0, Activation.RELU, false, false, true, 0.7);
        Layer ours = layer(DataType.FLOAT, 6, 4, 1, 1, 0, Activation.RELU, true, false, true, 0.7);
        ours.setParams(ref.params().dup());
        Nd4j.getRandom().setSeed(21); // the same dropout mask for both
        INDArray yRef = ref.activate(x.dup(), true, LayerWorkspaceMgr.noWorkspaces()).dup();
        Nd4j.getRandom().setSeed(21);
        INDArray y = ours.activate(x.dup(), true, LayerWorkspaceMgr.noWorkspaces()).dup();
        close("output", y, yRef, 1e-5);
        assertTrue(yRef.eq(0).castTo(DataType.INT32).sumNumber().intValue() > 0, "the ReLU stops some outputs");
        INDArray eps = Nd4j.rand(DataType.FLOAT, yRef.shape()).subi(0.5);
        Pair<Gradient, INDArray> gRef = ref.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces());
        INDArray dxRef = gRef.getSecond().dup();
        INDArray dwRef = gRef.getFirst().getGradientFor("W").dup();
        Pair<Gradient, INDArray> g = ours.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces());
        close("weight gradient", g.getFirst().getGradientFor("W"), dwRef, 1e-5);
        // DL4J's Convolution3DLayer returns the gradient at the dropped input and leaves out the dropout's backward
        // pass (its 2-D layer does not); PyTorch's Dropout masks and scales it: apply the reference's own mask
        INDArray expected = ref.conf().getLayer().getIDropout().backprop(dxRef.dup(),
                Nd4j.createUninitialized(dxRef.dataType(), dxRef.shape()), 0, 0);
        close("input gradient", g.getSecond(), expected, 1e-5);
        int dropped = expected.eq(0).castTo(DataType.INT32).sumNumber().intValue();
        assertTrue(dropped > 0, "dropped inputs get no gradient");
        assertTrue(dxRef.eq(0).castTo(DataType.INT32).sumNumber().intValue() < dropped, "DL4J's layer misses the mask");
    }

    private static void close(String what, INDArray a, INDArray b, double tol) {
        assertTrue(java.util.Arrays.equals(a.shape(), b.shape()) || a.length() == b.length(), what + ": shapes");
        INDArray da = a.castTo(DataType.DOUBLE).reshape(a.length());
        INDArray db = b.castTo(DataType.DOUBLE).reshape(b.length());
        double scale = db.amaxNumber().doubleValue();
        assertTrue(scale > 1e-3, what + ": the reference is (nearly) zero");
        double rel = da.sub(db).amaxNumber().doubleValue() / scale;
        System.out.printf("GEMMCONV %-16s rel %.2e (tol %.0e)%n", what, rel, tol);
        assertTrue(rel <= tol, what + ": relative difference " + rel);
    }

    private static Layer layer(DataType type, int in, int out, int k, int s, int p, Activation act, boolean gemm,
            boolean columns) {
        return layer(type, in, out, k, s, p, act, gemm, columns, true, 0);
    }

    private static Layer layer(DataType type, int in, int out, int k, int s, int p, Activation act, boolean gemm,
            boolean columns, boolean inputGradient, double retain) {
        Convolution3D.DataFormat f = Convolution3D.DataFormat.NCDHW;
        Convolution3D.Builder cb = new Convolution3D.Builder().kernelSize(k, k, k).stride(s, s, s).padding(p, p, p)
                .nIn(in).nOut(out).dataFormat(f).convolutionMode(ConvolutionMode.Truncate).hasBias(true)
                .activation(act).biasInit(0.1);
        if (retain > 0) {
            cb.dropOut(new org.deeplearning4j.nn.conf.dropout.Dropout(retain));
        }
        Layer l = LayerUnderTest.of(type, in, 5, 7, 6, out,
                gemm ? new FastConvolution3D(cb, columns, inputGradient) : cb.build());
        if (gemm != l instanceof FastConvolution3DLayer) {
            throw new AssertionError("layer type " + l.getClass());
        }
        return l;
    }
}
