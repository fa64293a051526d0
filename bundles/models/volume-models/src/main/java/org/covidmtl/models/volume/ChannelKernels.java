package org.covidmtl.models.volume;

import java.util.stream.IntStream;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The array access of our Java kernels (batch norm, pooling, ReLU, optimiser, convolution columns): a whole array or
 * a contiguous piece of one is read into and written from Java arrays in bulk (floats into {@code float[]} without
 * conversion, either type into {@code double[]}), per-channel tasks over 5-D NCDHW activations run in parallel over
 * channels (so a channel's result does not depend on the thread count), and per-channel sums are taken in double.
 * <p>
 * {@link #round} rounds a double to float for a float network: for +, −, ×, ÷ of floats a double operation rounded
 * once gives exactly the float result (double has more than 2·24 + 2 bits), which the batch norm's per-channel
 * scalars rely on.
 */
final class ChannelKernels {

    private static final ThreadLocal<float[]> FLOATS = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[][]> FLOAT_WORK = ThreadLocal.withInitial(() -> new float[][] {
        new float[0], new float[0]});

    private ChannelKernels() {
    }

    /**
     * {@code a} itself when its buffer holds exactly its values in c order from the first (so that it can be read
     * and written directly), else a c-ordered copy. DL4J marks many such arrays as views (a convolution's output
     * is a reshape of the array libnd4j wrote; a parameter is a contiguous piece of the flat parameter vector, whose
     * buffer is a view buffer starting at the piece); what counts is the layout, not the flag.
     */
    static INDArray direct(INDArray a) {
        return isDirect(a) ? a : a.dup('c');
    }

    static boolean isDirect(INDArray a) {
        // a view's buffer starts at the view (its address pointer is the first value) when its offset is the view's
        if (a.ordering() != 'c' || a.data().offset() != a.offset() || a.data().length() != a.length()
                || (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE)) {
            return false;
        }
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /**
     * The values of a vector (any rank with one non-unit dimension, e.g. a parameter view [1, C]) as doubles,
     * read from its buffer without an ND4J op; equal to {@code toDoubleVector()}.
     */
    static double[] vector(INDArray a) {
        long len = a.length();
        long ews = a.elementWiseStride();
        if (len > Integer.MAX_VALUE || ews < 1 || (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE)) {
            return a.toDoubleVector();
        }
        double[] v = new double[(int) len];
        org.nd4j.linalg.api.buffer.DataBuffer d = a.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = d.getDouble(i * ews);
        }
        return v;
    }

    /** Runs {@code body} for every channel in parallel. */
    static void perChannel(int channels, IntConsumerTask body) {
        IntStream.range(0, channels).parallel().forEach(body::run);
    }

    @FunctionalInterface
    interface IntConsumerTask {
        void run(int channel);
    }

    /** Rounds to float when {@code f32}; exact otherwise. */
    static double round(double v, boolean f32) {
        return f32 ? (double) (float) v : v;
    }

    /** Reads channel {@code c} of the NCDHW array {@code a} (direct) into {@code dst} (length N·S). */
    static void readChannel(INDArray a, int c, double[] dst) {
        long n = a.size(0);
        long channels = a.size(1);
        int s = (int) (a.length() / (n * channels));
        for (int i = 0; i < n; i++) {
            readRange(a, (i * channels + c) * s, dst, i * s, s);
        }
    }

    /** Writes {@code src} (length N·S) into channel {@code c} of the NCDHW array {@code a} (direct). */
    static void writeChannel(INDArray a, int c, double[] src) {
        long n = a.size(0);
        long channels = a.size(1);
        int s = (int) (a.length() / (n * channels));
        for (int i = 0; i < n; i++) {
            writeRange(a, (i * channels + c) * s, src, i * s, s);
        }
    }

    /** Reads channel {@code c} of the float NCDHW array {@code a} (direct) into {@code dst} (length N·S), no conversion. */
    static void readChannel(INDArray a, int c, float[] dst) {
        long n = a.size(0);
        long channels = a.size(1);
        int s = (int) (a.length() / (n * channels));
        for (int i = 0; i < n; i++) {
            readRange(a, (i * channels + c) * s, dst, i * s, s);
        }
    }

    /** Writes {@code src} (length N·S) into channel {@code c} of the float NCDHW array {@code a} (direct). */
    static void writeChannel(INDArray a, int c, float[] src) {
        long n = a.size(0);
        long channels = a.size(1);
        int s = (int) (a.length() / (n * channels));
        for (int i = 0; i < n; i++) {
            writeRange(a, (i * channels + c) * s, src, i * s, s);
        }
    }

    /** {@link #readRange(INDArray, long, double[], int, int)} for a float array into floats (a bulk copy). */
    static void readRange(INDArray a, long from, float[] dst, int off, int len) {
        Nd4j.getAffinityManager().ensureLocation(a, AffinityManager.Location.HOST);
        new FloatPointer(floatBase(a)).position(from).get(dst, off, len);
    }

    /** {@link #writeRange(INDArray, long, double[], int, int)} of floats into a float array (a bulk copy). */
    static void writeRange(INDArray a, long from, float[] src, int off, int len) {
        new FloatPointer(floatBase(a)).position(from).put(src, off, len);
        Nd4j.getAffinityManager().tagLocation(a, AffinityManager.Location.HOST);
    }

    private static Pointer floatBase(INDArray a) {
        if (a.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("a float array, not " + a.dataType());
        }
        return a.data().addressPointer();
    }

    /** A per-thread float work array of at least {@code n} values (slot 0 or 1), for the float kernels. */
    static float[] floatWork(int slot, int n) {
        float[][] w = FLOAT_WORK.get();
        if (w[slot].length < n) {
            w[slot] = new float[n];
        }
        return w[slot];
    }

    /** Reads {@code len} values of the buffer of {@code a} (c order, contiguous from its first value) from {@code from}. */
    static void readRange(INDArray a, long from, double[] dst, int len) {
        readRange(a, from, dst, 0, len);
    }

    static void readRange(INDArray a, long from, double[] dst, int off, int len) {
        // the host copy is what is read: on the CPU backend a no-op, on CUDA a copy from the device when it is newer
        Nd4j.getAffinityManager().ensureLocation(a, AffinityManager.Location.HOST);
        Pointer base = a.data().addressPointer();
        if (a.dataType() == DataType.FLOAT) {
            float[] tmp = floats(len);
            new FloatPointer(base).position(from).get(tmp, 0, len);
            for (int k = 0; k < len; k++) {
                dst[off + k] = tmp[k];
            }
        } else if (a.dataType() == DataType.DOUBLE) {
            new DoublePointer(base).position(from).get(dst, off, len);
        } else {
            throw new IllegalArgumentException("float or double arrays only, not " + a.dataType());
        }
    }

    /** Writes {@code len} values into the buffer of {@code a} (c order, contiguous from its first value) at {@code from}. */
    static void writeRange(INDArray a, long from, double[] src, int len) {
        writeRange(a, from, src, 0, len);
    }

    static void writeRange(INDArray a, long from, double[] src, int off, int len) {
        Pointer base = a.data().addressPointer();
        if (a.dataType() == DataType.FLOAT) {
            float[] tmp = floats(len);
            for (int k = 0; k < len; k++) {
                tmp[k] = (float) src[off + k];
            }
            new FloatPointer(base).position(from).put(tmp, 0, len);
        } else if (a.dataType() == DataType.DOUBLE) {
            new DoublePointer(base).position(from).put(src, off, len);
        } else {
            throw new IllegalArgumentException("float or double arrays only, not " + a.dataType());
        }
        // the host copy is now the newest (CUDA copies it to the device before the next device op; CPU: no-op)
        Nd4j.getAffinityManager().tagLocation(a, AffinityManager.Location.HOST);
    }

    /** Per channel c of the NCDHW array {@code a} (direct), the sum of its N·D·H·W values in double. */
    static double[] channelSums(INDArray a) {
        int channels = (int) a.size(1);
        int n = perChannelCount(a);
        double[] sums = new double[channels];
        perChannel(channels, c -> {
            double s0 = 0;
            double s1 = 0;
            int i = 0;
            if (a.dataType() == DataType.FLOAT) {
                float[] v = floatWork(0, n);
                readChannel(a, c, v);
                for (; i + 1 < n; i += 2) {
                    s0 += v[i];
                    s1 += v[i + 1];
                }
                s0 += i < n ? v[i] : 0;
            } else {
                double[] v = new double[n];
                readChannel(a, c, v);
                for (; i + 1 < n; i += 2) {
                    s0 += v[i];
                    s1 += v[i + 1];
                }
                s0 += i < n ? v[i] : 0;
            }
            sums[c] = s0 + s1;
        });
        return sums;
    }

    /** Values per channel: N·D·H·W of an NCDHW array. */
    static int perChannelCount(INDArray a) {
        long v = a.length() / a.size(1);
        if (v > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a channel of " + v + " values is too large");
        }
        return (int) v;
    }

    private static float[] floats(int n) {
        float[] f = FLOATS.get();
        if (f.length < n) {
            f = new float[n];
            FLOATS.set(f);
        }
        return f;
    }
}
