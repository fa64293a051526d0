package org.covidmtl.models.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Which arrays the per-channel kernels read and write in place (contiguous pieces too, at an offset into a buffer),
 * and the copy-free vector read of parameter views.
 */
class ChannelKernelsTest {

    @Test
    void aReshapedContiguousArrayIsReadInPlaceButPermutedOrOffsetViewsAreCopied() {
        INDArray flat = Nd4j.linspace(DataType.FLOAT, 1, 2 * 3 * 4 * 5 * 6, 1);
        INDArray reshaped = flat.reshape('c', 2, 3, 4, 5, 6); // a view over the whole buffer, as DL4J's conv output
        assertTrue(reshaped.isView() || reshaped.data() == flat.data());
        assertTrue(ChannelKernels.isDirect(reshaped));
        assertSame(reshaped, ChannelKernels.direct(reshaped));

        INDArray permuted = reshaped.permute(0, 2, 1, 3, 4);
        assertFalse(ChannelKernels.isDirect(permuted));
        INDArray copy = ChannelKernels.direct(permuted);
        assertNotSame(permuted, copy);
        assertArrayEquals(permuted.dup('c').data().asFloat(), copy.data().asFloat());

        INDArray second = reshaped.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all()); // a contiguous piece at an offset into the buffer: read in place
        assertTrue(ChannelKernels.isDirect(second));
        double[] viaKernel = new double[(int) second.length()];
        ChannelKernels.readRange(ChannelKernels.direct(second), 0, viaKernel, viaKernel.length);
        assertArrayEquals(second.dup('c').castTo(DataType.DOUBLE).data().asDouble(), viaKernel);
        float[] written = new float[(int) second.length()];
        java.util.Arrays.fill(written, -7f);
        ChannelKernels.writeRange(second, 0, written, 0, written.length); // writes the piece, not the buffer's start
        assertArrayEquals(written, second.dup('c').data().asFloat());
        assertArrayEquals(Nd4j.linspace(DataType.FLOAT, 1, 360, 1).data().asFloat(), reshaped.get(NDArrayIndex.point(0),
                NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).dup('c').data().asFloat(),
                "sample 0 untouched");

        INDArray strided = reshaped.get(NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all()); // channel 1 of both samples: offset and a gap between the samples
        assertFalse(ChannelKernels.isDirect(strided));
        double[] viaCopy = new double[(int) strided.length()];
        ChannelKernels.readRange(ChannelKernels.direct(strided), 0, viaCopy, viaCopy.length);
        assertArrayEquals(strided.dup('c').castTo(DataType.DOUBLE).data().asDouble(), viaCopy);

        INDArray fOrder = Nd4j.rand(DataType.FLOAT, 'f', 2, 3, 4, 5, 6);
        assertFalse(ChannelKernels.isDirect(fOrder));
    }

    @Test
    void vectorReadsParameterViewsAsToDoubleVectorDoes() {
        INDArray params = Nd4j.linspace(DataType.FLOAT, -3, 200, 1).addi(0.25);
        INDArray[] views = {
            params.get(NDArrayIndex.interval(0, 64)).reshape(1, 64), // as a layer's gamma over the flat vector
            params.get(NDArrayIndex.interval(64, 128)).reshape(1, 64),
            params.get(NDArrayIndex.interval(131, 199)),
            params.reshape('c', 20, 10).get(NDArrayIndex.all(), NDArrayIndex.point(3)), // a column: stride 10
            params.castTo(DataType.DOUBLE).get(NDArrayIndex.interval(7, 19)),
        };
        for (INDArray v : views) {
            assertArrayEquals(v.toDoubleVector(), ChannelKernels.vector(v), 0.0, v.toString());
        }
    }
}
