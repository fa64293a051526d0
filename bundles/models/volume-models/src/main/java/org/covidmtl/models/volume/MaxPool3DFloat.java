package org.covidmtl.models.volume;

import org.covidmtl.models.volume.MaxPool3DLayer.Geo;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link MaxPool3DLayer}'s passes on float activations, on float arrays: the same algorithm and comparisons as the
 * layer's double passes (a selection, so the results are exactly the input's values either way), without converting
 * every value to double and back, and twice the values per vector register in the separable maxima. Java has no
 * generics over primitive arrays; this class is the float copy of those methods.
 */
final class MaxPool3DFloat {

    /** Per thread: input, w pass, h pass, output; backward: input gradient, output gradient. */
    private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

    private MaxPool3DFloat() {
    }

    private static final class Work {
        float[] v = new float[0];
        float[] a = new float[0];
        float[] b = new float[0];
        float[] y = new float[0];
        float[] dv = new float[0];
        float[] e = new float[0];

        Work size(Geo g, boolean backward) {
            int na = g.d() * g.h() * g.ow();
            int nb = g.d() * g.oh() * g.ow();
            v = v.length < g.inVol() ? new float[g.inVol()] : v;
            a = a.length < na ? new float[na] : a;
            b = b.length < nb ? new float[nb] : b;
            y = y.length < g.outVol() ? new float[g.outVol()] : y;
            if (backward) {
                dv = dv.length < g.inVol() ? new float[g.inVol()] : dv;
                e = e.length < g.outVol() ? new float[g.outVol()] : e;
            }
            return this;
        }
    }

    /** Volume m (sample × channel) of x pooled into out (both direct). */
    static void forward(INDArray x, INDArray out, int m, Geo g) {
        Work k = WORK.get().size(g, false);
        ChannelKernels.readRange(x, (long) m * g.inVol(), k.v, 0, g.inVol());
        maxima(k, g);
        ChannelKernels.writeRange(out, (long) m * g.outVol(), k.y, 0, g.outVol());
    }

    /** Volume m's input gradient into dx from the output gradient eps and the input x (all direct). */
    static void backward(INDArray x, INDArray eps, INDArray dx, int m, Geo g) {
        Work k = WORK.get().size(g, true);
        ChannelKernels.readRange(x, (long) m * g.inVol(), k.v, 0, g.inVol());
        maxima(k, g);
        ChannelKernels.readRange(eps, (long) m * g.outVol(), k.e, 0, g.outVol());
        java.util.Arrays.fill(k.dv, 0, g.inVol(), 0f);
        scatter(k, g);
        ChannelKernels.writeRange(dx, (long) m * g.inVol(), k.dv, 0, g.inVol());
    }

    /** The maxima only (inference): k.v → k.y. Math.max keeps a NaN, as PyTorch's kernel does. */
    private static void maxima(Work k, Geo g) {
        float[] v = k.v;
        float[] a = k.a;
        float[] b = k.b;
        float[] y = k.y;
        int w = g.w();
        int ow = g.ow();
        // windows along w: {0, 1} for output 0, {2c − 1, 2c, 2c + 1} for 1 ≤ c ≤ (w − 2)/2, and for odd w a last
        // output c = (w − 1)/2 with {w − 2, w − 1}
        int full = (w - 2) / 2;
        for (int row = 0, rows = g.d() * g.h(); row < rows; row++) {
            int in = row * w;
            int o = row * ow;
            a[o] = w > 1 ? Math.max(v[in], v[in + 1]) : v[in];
            int c = 1;
            for (int i = in + 1; c <= full; c++, i += 2) {
                a[o + c] = Math.max(Math.max(v[i], v[i + 1]), v[i + 2]);
            }
            if (c < ow) {
                a[o + c] = Math.max(v[in + 2 * c - 1], v[in + 2 * c]);
            }
        }
        maxAlong(a, b, g.d(), g.h(), ow);
        maxAlong(b, y, 1, g.d(), g.oh() * ow);
    }

    /**
     * One pass along an axis of length n, for arrays laid out [outer][n][inner]: dst[outer][o][inner] (o = the
     * axis's output length) takes, for each output j, the maximum over the window of j along the axis.
     */
    private static void maxAlong(float[] src, float[] dst, int outer, int n, int inner) {
        int o = MaxPool3D.outputLength(n);
        for (int q = 0; q < outer; q++) {
            for (int j = 0; j < o; j++) {
                int out = (q * o + j) * inner;
                int t0 = MaxPool3DLayer.first(j);
                int t1 = MaxPool3DLayer.end(j, n);
                System.arraycopy(src, (q * n + t0) * inner, dst, out, inner);
                for (int t = t0 + 1; t < t1; t++) {
                    int in = (q * n + t) * inner;
                    for (int i = 0; i < inner; i++) {
                        dst[out + i] = Math.max(dst[out + i], src[in + i]);
                    }
                }
            }
        }
    }

    /**
     * Adds each output's gradient k.e[q] at its arg-max in k.dv, given the input k.v and the passes of
     * {@link #maxima} over it (k.a along w, k.b then along h, k.y the maxima). The first voxel of a window in d, h, w
     * order equal to its maximum Y lies in the first plane whose h-pass value equals Y, in that plane's first row
     * whose w-pass value equals Y, at that row's first column equal to Y: at most three comparisons per axis. For a
     * NaN maximum the same with the last NaN at each step (a NaN in a window makes its pass values NaN).
     */
    private static void scatter(Work k, Geo g) {
        float[] v = k.v;
        float[] a = k.a;
        float[] b = k.b;
        float[] y = k.y;
        float[] e = k.e;
        float[] dv = k.dv;
        int h = g.h();
        int w = g.w();
        int oh = g.oh();
        int ow = g.ow();
        for (int zo = 0, q = 0; zo < g.od(); zo++) {
            int z0 = MaxPool3DLayer.first(zo);
            int z1 = MaxPool3DLayer.end(zo, g.d());
            for (int yo = 0; yo < oh; yo++) {
                int r0 = MaxPool3DLayer.first(yo);
                int r1 = MaxPool3DLayer.end(yo, h);
                for (int xo = 0; xo < ow; xo++, q++) {
                    int c0 = MaxPool3DLayer.first(xo);
                    int c1 = MaxPool3DLayer.end(xo, w);
                    float best = y[q];
                    int z;
                    int r;
                    int c;
                    if (best == best) {
                        z = firstEqual(b, best, z0, z1, oh * ow, yo * ow + xo);
                        r = firstEqual(a, best, r0, r1, ow, z * h * ow + xo);
                        c = firstEqual(v, best, c0, c1, 1, (z * h + r) * w);
                    } else {
                        z = lastNaN(b, z0, z1, oh * ow, yo * ow + xo);
                        r = lastNaN(a, r0, r1, ow, z * h * ow + xo);
                        c = lastNaN(v, c0, c1, 1, (z * h + r) * w);
                    }
                    dv[(z * h + r) * w + c] += e[q];
                }
            }
        }
    }

    /**
     * The first t in [t0, t1) with x[base + t·stride] == best (t1 − 1 when none: cannot happen for a maximum). A full
     * window of three is decided by two assignments that C2 turns into conditional moves (which of three holds the
     * maximum is as good as random, so branches would be mispredicted about once per window and axis).
     */
    private static int firstEqual(float[] x, float best, int t0, int t1, int stride, int base) {
        int i = base + t0 * stride;
        if (t1 - t0 == 3) {
            int t = t0 + 2;
            if (x[i + stride] == best) {
                t = t0 + 1;
            }
            if (x[i] == best) {
                t = t0;
            }
            return t;
        }
        return t1 - t0 == 2 && x[i] != best ? t0 + 1 : t0;
    }

    /** The last t in [t0, t1) with x[base + t·stride] NaN (t0 when none: cannot happen for a NaN maximum). */
    private static int lastNaN(float[] x, int t0, int t1, int stride, int base) {
        int t = t1 - 1;
        while (t > t0 && x[base + t * stride] == x[base + t * stride]) {
            t--;
        }
        return t;
    }
}
