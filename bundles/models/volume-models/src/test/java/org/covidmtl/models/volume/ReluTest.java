package org.covidmtl.models.volume;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Relu} against DL4J's {@code ActivationLayer(RELU)}, which it replaces in VOLUME_RADIO: the same outputs and
 * input gradients bit for bit on values that include zeros and more values than one backward chunk; and PyTorch's
 * rule where DL4J's differs (a NaN input passes the gradient).
 */
class ReluTest {

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void equalsDl4jActivationLayerAndPassesTheGradientAtANaNAsPyTorch(DataType type) {
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.randn(type, 2, 3, 9, 40, 41); // 88,560 values: three backward chunks
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)).muli(0); // zeros: no gradient, as x ≤ 0
        INDArray g = Nd4j.randn(type, x.shape());
        Layer ref = layer(type, false);
        Layer ours = layer(type, true);
        INDArray yRef = ref.activate(x, true, LayerWorkspaceMgr.noWorkspaces()).dup();
        INDArray y = ours.activate(x, true, LayerWorkspaceMgr.noWorkspaces()).dup();
        assertThat(y.sub(yRef).amaxNumber().doubleValue()).as("output").isZero();
        INDArray dxRef = ref.backpropGradient(g, LayerWorkspaceMgr.noWorkspaces()).getSecond().dup();
        INDArray dx = ours.backpropGradient(g, LayerWorkspaceMgr.noWorkspaces()).getSecond().dup();
        assertThat(dx.sub(dxRef).amaxNumber().doubleValue()).as("input gradient").isZero();
        assertThat(dx.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)).amaxNumber().doubleValue()).isZero();

        INDArray withNaN = x.dup();
        withNaN.putScalar(new long[] {0, 1, 2, 3, 4}, Double.NaN);
        ours.activate(withNaN, true, LayerWorkspaceMgr.noWorkspaces());
        INDArray dNaN = ours.backpropGradient(g, LayerWorkspaceMgr.noWorkspaces()).getSecond();
        assertThat(dNaN.getDouble(0, 1, 2, 3, 4)).isEqualTo(g.getDouble(0, 1, 2, 3, 4));
    }

    @org.junit.jupiter.api.Test
    void theBranchFreeMaskKeepsExactlyPositiveValuesAndNaNs() {
        float[] floats = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1f, -1f, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0xffc00001),
            Float.intBitsToFloat(0x7f800001)};
        for (float v : floats) {
            boolean passes = !(v <= 0f);
            assertThat(ReluLayer.keep(Float.floatToRawIntBits(v))).as("float %s", v).isEqualTo(passes ? -1 : 0);
            double d = v;
            long bits = Float.isNaN(v) ? 0xfff8000000000001L : Double.doubleToRawLongBits(d);
            assertThat(ReluLayer.keep(Double.doubleToRawLongBits(d))).as("double %s", d).isEqualTo(passes ? -1L : 0L);
            assertThat(ReluLayer.keep(bits)).as("double bits %x", bits).isEqualTo(passes ? -1L : 0L);
        }
    }

    private static Layer layer(DataType type, boolean ours) {
        Layer l = LayerUnderTest.of(type, 3, 9, 40, 41, 3, ours ? new Relu("relu")
                : new ActivationLayer.Builder().activation(Activation.RELU).build());
        assertThat(l instanceof ReluLayer).isEqualTo(ours);
        return l;
    }
}
