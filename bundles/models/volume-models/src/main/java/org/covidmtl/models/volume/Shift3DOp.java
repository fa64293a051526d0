package org.covidmtl.models.volume;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Applies {@link ChannelShift}s to a 5-D NCDHW tensor with at most three block copies per shifted
 * channel (ND4J views and {@code assign}, no per-element loop):
 * roll: {@code out[i] = x[(i − d·k) mod n]}; padding: the same without the wrap, the vacated band filled.
 * <p>
 * Fixed against the reference: with padding, k = 0 leaves the channel unchanged (the reference's
 * {@code shifted[-0:] = pad} overwrote the whole channel).
 */
public final class Shift3DOp {

    private Shift3DOp() {
    }

    /**
     * Writes the shifted channels of {@code x} into {@code out}, which must already hold a copy of
     * {@code x} (channels without a shift are left as they are). {@code x} and {@code out} must not overlap.
     */
    public static void apply(INDArray x, INDArray out, List<ChannelShift> plan, boolean padding, double padValue) {
        for (ChannelShift s : plan) {
            INDArray src = channel(x, s);
            INDArray dst = channel(out, s);
            int n = (int) src.size(s.axis());
            int k = Math.min(s.shift(), n);
            if (k == 0 || (!padding && k == n)) {
                continue;
            }
            if (padding) {
                if (s.direction() > 0) {
                    if (k < n) {
                        slab(dst, s.axis(), k, n).assign(slab(src, s.axis(), 0, n - k));
                    }
                    slab(dst, s.axis(), 0, k).assign(padValue);
                } else {
                    if (k < n) {
                        slab(dst, s.axis(), 0, n - k).assign(slab(src, s.axis(), k, n));
                    }
                    slab(dst, s.axis(), n - k, n).assign(padValue);
                }
            } else {
                int r = s.direction() > 0 ? k : n - k; // roll by +r: out[r:] = x[:n-r], out[:r] = x[n-r:]
                slab(dst, s.axis(), r, n).assign(slab(src, s.axis(), 0, n - r));
                slab(dst, s.axis(), 0, r).assign(slab(src, s.axis(), n - r, n));
            }
        }
    }

    /**
     * The backward pass: dL/dx from dL/dy, written into {@code out} (a copy of {@code grad}): the inverse
     * shift; with padding the vacated band is 0 (those inputs were dropped).
     */
    public static void backward(INDArray grad, INDArray out, List<ChannelShift> plan, boolean padding) {
        apply(grad, out, plan.stream().map(ChannelShift::inverse).toList(), padding, 0.0);
    }

    private static INDArray channel(INDArray a, ChannelShift s) {
        return a.get(NDArrayIndex.point(s.sample()), NDArrayIndex.point(s.channel()), NDArrayIndex.all(),
                NDArrayIndex.all(), NDArrayIndex.all());
    }

    private static INDArray slab(INDArray volume, int axis, int from, int to) {
        INDArrayIndex[] idx = {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()};
        idx[axis] = NDArrayIndex.interval(from, to);
        return volume.get(idx);
    }
}
