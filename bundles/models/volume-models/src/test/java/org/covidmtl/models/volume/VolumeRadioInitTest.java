package org.covidmtl.models.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Initialisation of the SqueezeNet3D convolutions as the reference ("Networks": Kaiming normal with fan_out):
 * weight variance 2 / (out·kD·kH·kW), mean 0, bias 0.
 */
class VolumeRadioInitTest {

    @Test
    void trunkConvolutionsAreKaimingNormalFanOut() {
        ComputationGraph g = VolumeRadioGraph.build(VolumeRadioConfig.reference(32, 32).withShift3d(null));
        // 3×3×3 expand of the last Fire module: [256, 128, 3, 3, 3], 884,736 values
        check(g, "features.features.11.expand3x3", 256 * 27, 128 * 27, 0.02);
        // 1×1×1 squeeze of the last Fire module: [128, 512, 1, 1, 1], 65,536 values
        check(g, "features.features.11.squeeze", 128, 512, 0.03);
        // stem [64, 1, 3, 3, 3]: 1,728 values, fan_out 1728 vs fan_in 27
        check(g, "features.convbn.0", 64 * 27, 27, 0.15);
    }

    private static void check(ComputationGraph g, String layer, long fanOut, long fanIn, double relTol) {
        INDArray w = g.getParam(layer + "_W").castTo(DataType.DOUBLE);
        double mean = w.meanNumber().doubleValue();
        double var = w.sub(mean).muli(w.sub(mean)).meanNumber().doubleValue();
        double expected = 2.0 / fanOut;
        double rel = Math.abs(var / expected - 1);
        System.out.printf("INIT %-34s var %.4e, fan_out formula 2/%d = %.4e (rel %.1e), fan_in 2/%d = %.4e%n", layer,
                var, fanOut, expected, rel, fanIn, 2.0 / fanIn);
        assertTrue(rel < relTol, layer + ": variance " + var + " vs 2/fan_out " + expected);
        assertTrue(Math.abs(mean) < 4 * Math.sqrt(expected / w.length()), layer + ": mean " + mean);
        assertEquals(0.0, g.getParam(layer + "_b").amaxNumber().doubleValue(), 0.0, layer + ": bias");
    }
}
