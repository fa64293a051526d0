package org.covidmtl.models.volume;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link MaxPool3D} against DL4J's {@code Subsampling3DLayer} (libnd4j {@code maxpool3dnew}/{@code _bp}, the layer it
 * replaces in VOLUME_RADIO) with kernel 3, stride 2, padding 1: the same output (a selection: exactly) and the same
 * input gradient, for even and odd sizes, float and double, on values without ties; and PyTorch's rule on ties (the
 * first maximum in d, h, w order takes the gradient).
 */
class MaxPool3DTest {

    @ParameterizedTest(name = "{0} {1}x{2}x{3}")
    @CsvSource({"DOUBLE, 5, 7, 6", "DOUBLE, 8, 8, 8", "FLOAT, 9, 4, 11", "FLOAT, 16, 20, 20", "FLOAT, 1, 3, 2"})
    void equalsDl4jMaxPooling(DataType type, int d, int h, int w) {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(type, 2, 3, d, h, w).subi(0.5);
        Layer ref = layer(type, d, h, w, false);
        Layer ours = layer(type, d, h, w, true);
        INDArray yRef = ref.activate(x, true, LayerWorkspaceMgr.noWorkspaces()).dup();
        INDArray y = ours.activate(x, true, LayerWorkspaceMgr.noWorkspaces()).dup();
        assertThat(y.shape()).containsExactly(yRef.shape());
        assertThat(y.shape()).containsExactly(2L, 3L, (long) MaxPool3D.outputLength(d),
                (long) MaxPool3D.outputLength(h), (long) MaxPool3D.outputLength(w));
        assertThat(y.sub(yRef).amaxNumber().doubleValue()).as("output").isZero();
        INDArray eps = Nd4j.rand(type, yRef.shape()).subi(0.5);
        INDArray dxRef = ref.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces()).getSecond().dup();
        INDArray dx = ours.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces()).getSecond().dup();
        double scale = dxRef.amaxNumber().doubleValue();
        double rel = dx.sub(dxRef).amaxNumber().doubleValue() / scale;
        // windows overlap: a position's two to eight contributions are summed in another order (float: one rounding)
        assertThat(rel).as("input gradient, relative").isLessThanOrEqualTo(type == DataType.DOUBLE ? 1e-15 : 1e-6);
        assertThat(dx.sumNumber().doubleValue()).as("every output's gradient lands once")
                .isCloseTo(eps.sumNumber().doubleValue(), org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void onTiesTheFirstMaximumInScanOrderTakesTheGradientAsInPyTorch() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            ties(type);
        }
    }

    private static void ties(DataType type) {
        // one 3x3x3 volume of zeros but two equal maxima: output (0,0,0) sees (0..1)^3, output (1,1,1) sees (1..2)^3
        INDArray x = Nd4j.zeros(type, 1, 1, 3, 3, 3);
        x.putScalar(new long[] {0, 0, 1, 1, 0}, 2.0);
        x.putScalar(new long[] {0, 0, 1, 1, 1}, 2.0);
        Layer ours = layer(type, 3, 3, 3, true);
        INDArray y = ours.activate(x, true, LayerWorkspaceMgr.noWorkspaces()).dup();
        assertThat(y.getDouble(0, 0, 0, 0, 0)).isEqualTo(2.0);
        INDArray eps = Nd4j.ones(type, y.shape());
        INDArray dx = ours.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces()).getSecond();
        // output (0,0,0)'s window (0..1)^3 holds both: (1,1,0) comes first; outputs whose window holds only (1,1,1)
        // or only zeros send theirs there or to their first voxel
        assertThat(dx.getDouble(0, 0, 1, 1, 0)).isGreaterThanOrEqualTo(1.0);
        assertThat(dx.sumNumber().doubleValue()).isEqualTo(eps.sumNumber().doubleValue());
        INDArray all = Nd4j.zeros(type, 1, 1, 3, 3, 3);
        Layer flat = layer(type, 3, 3, 3, true);
        flat.activate(all, true, LayerWorkspaceMgr.noWorkspaces());
        INDArray dFlat = flat.backpropGradient(Nd4j.ones(type, 1, 1, 2, 2, 2),
                LayerWorkspaceMgr.noWorkspaces()).getSecond();
        // all zeros: each output's first window voxel: (0,0,0) for output 0, (1,1,1) for output (1,1,1), ...
        assertThat(dFlat.getDouble(0, 0, 0, 0, 0)).isEqualTo(1.0);
        assertThat(dFlat.getDouble(0, 0, 1, 1, 1)).isEqualTo(1.0);
        assertThat(dFlat.getDouble(0, 0, 1, 0, 0)).isEqualTo(1.0);
        assertThat(dFlat.sumNumber().doubleValue()).isEqualTo(8.0);
    }

    @Test
    void aNaNMaximumSendsTheGradientToTheLastNaNOfTheWindowAsInPyTorch() {
        // PyTorch's kernel lets a NaN take over while scanning d, h, w: with two NaNs in a window the later one wins
        INDArray x = Nd4j.zeros(DataType.FLOAT, 1, 1, 3, 3, 3);
        x.putScalar(new long[] {0, 0, 0, 0, 1}, Float.NaN);
        x.putScalar(new long[] {0, 0, 0, 1, 0}, Float.NaN);
        x.putScalar(new long[] {0, 0, 0, 1, 1}, 5f);
        Layer ours = layer(DataType.FLOAT, 3, 3, 3, true);
        INDArray y = ours.activate(x, true, LayerWorkspaceMgr.noWorkspaces()).dup();
        assertThat(y.getFloat(0, 0, 0, 0, 0)).isNaN();
        INDArray eps = Nd4j.zeros(DataType.FLOAT, y.shape());
        eps.putScalar(new long[] {0, 0, 0, 0, 0}, 1f); // only output (0,0,0), whose window (0..1)^3 holds both NaNs
        INDArray dx = ours.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces()).getSecond();
        assertThat(dx.getFloat(0, 0, 0, 1, 0)).isEqualTo(1f);
        assertThat(dx.getFloat(0, 0, 0, 0, 1)).isZero();
        assertThat(dx.getFloat(0, 0, 0, 1, 1)).isZero();
        assertThat(dx.sumNumber().doubleValue()).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"1, 1, 1", "2, 3, 2", "3, 5, 7", "9, 4, 11", "16, 20, 20", "5, 6, 41", "4, 1, 40"})
    void inferenceAndTrainingPassesEqualABoxMaximumIncludingNaN(int d, int h, int w) {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            boxMaximum(type, d, h, w);
        }
    }

    private static void boxMaximum(DataType type, int d, int h, int w) {
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(type, 2, 2, d, h, w).subi(0.5);
        x.putScalar(new long[] {1, 0, d / 2, h / 2, w - 1}, Double.NaN);
        double[] in = x.dup('c').data().asDouble();
        int od = MaxPool3D.outputLength(d);
        int oh = MaxPool3D.outputLength(h);
        int ow = MaxPool3D.outputLength(w);
        double[] expected = new double[4 * od * oh * ow];
        for (int m = 0, q = 0; m < 4; m++) {
            for (int i = 0; i < od; i++) {
                for (int j = 0; j < oh; j++) {
                    for (int k = 0; k < ow; k++, q++) {
                        double best = Double.NEGATIVE_INFINITY;
                        for (int z = Math.max(0, 2 * i - 1); z <= Math.min(d - 1, 2 * i + 1); z++) {
                            for (int r = Math.max(0, 2 * j - 1); r <= Math.min(h - 1, 2 * j + 1); r++) {
                                for (int c = Math.max(0, 2 * k - 1); c <= Math.min(w - 1, 2 * k + 1); c++) {
                                    double v = in[((m * d + z) * h + r) * w + c];
                                    best = Double.isNaN(v) || Double.isNaN(best) ? Double.NaN : Math.max(best, v);
                                }
                            }
                        }
                        expected[q] = best;
                    }
                }
            }
        }
        Layer l = layer(type, d, h, w, true);
        double[] inference = l.activate(x, false, LayerWorkspaceMgr.noWorkspaces()).castTo(DataType.DOUBLE).dup('c')
                .data().asDouble();
        double[] training = l.activate(x, true, LayerWorkspaceMgr.noWorkspaces()).castTo(DataType.DOUBLE).dup('c')
                .data().asDouble();
        assertThat(inference).as("%s inference pass", type).containsExactly(expected);
        assertThat(training).as("%s training pass", type).containsExactly(expected);
        assertThat(expected).as("the NaN reaches an output").contains(Double.NaN);
    }

    private static Layer layer(DataType type, int d, int h, int w, boolean ours) {
        Layer l = LayerUnderTest.of(type, 3, d, h, w, 3, ours ? new MaxPool3D("pool")
                : new Subsampling3DLayer.Builder(Subsampling3DLayer.PoolingType.MAX).kernelSize(3, 3, 3).stride(2, 2, 2)
                        .padding(1, 1, 1).convolutionMode(ConvolutionMode.Truncate)
                        .dataFormat(Convolution3D.DataFormat.NCDHW).build());
        assertThat(l instanceof MaxPool3DLayer).isEqualTo(ours);
        return l;
    }
}
