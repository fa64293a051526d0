package org.covidmtl.volume.io;

import java.util.Locale;
import java.util.stream.IntStream;

import org.covidmtl.api.stage.Progress;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;

/**
 * Resamples volumes and masks to a target spacing on the same origin and direction. The output size
 * per axis is {@code round(size · spacing / target)} (as the reference's {@code scipy.ndimage.zoom});
 * output voxel {@code o} samples input index {@code o · target / spacing} (physical, ITK-style) or,
 * with {@link Mapping#ZOOM}, {@code o · (n_in − 1) / (n_out − 1)} exactly as {@code zoom} does (its
 * corners stay fixed, so the true spacing then differs slightly from the target and is reported in the
 * geometry).
 *
 * <p>Interpolators are separable and applied axis by axis: nearest, trilinear, and cubic B-spline as
 * scipy's order 3 with mode 'nearest' (edge padding of 12 voxels, recursive prefilter with pole
 * √3 − 2, clamped evaluation).
 */
public final class Resampler {
    public enum Interpolation {
        NEAREST, LINEAR, CUBIC;

        public static Interpolation parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "nearest", "nn", "0" -> NEAREST;
                case "linear", "trilinear", "1" -> LINEAR;
                case "cubic", "bspline", "b-spline", "3" -> CUBIC;
                default -> throw new IllegalArgumentException("unknown interpolation '" + s + "' (nearest, linear, cubic)");
            };
        }
    }

    public enum Mapping {
        PHYSICAL, ZOOM
    }

    private static final int PAD = 12;
    private static final double POLE = Math.sqrt(3) - 2;

    private Resampler() {
    }

    public static Volume resample(Volume v, double[] target, Interpolation interp, Progress progress) {
        return resample(v, target, interp, Mapping.PHYSICAL, progress);
    }

    public static Volume resample(Volume v, double[] target, Interpolation interp, Mapping mapping, Progress progress) {
        VolumeGeometry g = v.geometry();
        int[] size = g.size();
        double[] sp = g.spacing();
        int[] out = new int[3];
        double[] scale = new double[3]; // input index per output index
        double[] newSp = new double[3];
        for (int a = 0; a < 3; a++) {
            out[a] = Math.max(1, (int) Math.round(size[a] * sp[a] / target[a]));
            if (mapping == Mapping.ZOOM) {
                scale[a] = out[a] > 1 ? (size[a] - 1.0) / (out[a] - 1.0) : 0;
                newSp[a] = out[a] > 1 ? sp[a] * scale[a] : target[a];
            } else {
                scale[a] = target[a] / sp[a];
                newSp[a] = target[a];
            }
        }
        float[] data = v.voxels();
        int[] cur = size.clone();
        for (int a = 0; a < 3; a++) {
            progress.checkCanceled();
            if (cur[a] == out[a] && Math.abs(scale[a] - 1) < 1e-12) {
                continue;
            }
            data = resampleAxis(data, cur, a, out[a], scale[a], interp);
            cur[a] = out[a];
            progress.setProgress((a + 1) / 3.0, "resampling axis " + a);
        }
        VolumeGeometry ng = new VolumeGeometry(out, newSp, g.origin(), g.direction());
        return new Volume(ng, data);
    }

    /** Mask resampling: nearest neighbour, or partial-volume (linear interpolation of the binary mask, kept where ≥ threshold). */
    public static Mask resample(Mask m, double[] target, boolean partialVolume, double threshold, Progress progress) {
        byte[] l = m.labels();
        float[] f = new float[l.length];
        for (int i = 0; i < l.length; i++) {
            f[i] = partialVolume ? (l[i] != 0 ? 1 : 0) : (l[i] & 0xff);
        }
        Volume r = resample(new Volume(m.geometry(), f), target, partialVolume ? Interpolation.LINEAR : Interpolation.NEAREST, progress);
        float[] rv = r.voxels();
        byte[] out = new byte[rv.length];
        for (int i = 0; i < rv.length; i++) {
            out[i] = partialVolume ? (byte) (rv[i] >= threshold ? 1 : 0) : (byte) Math.round(rv[i]);
        }
        return new Mask(r.geometry(), out);
    }

    /** 1-D resampling of every line along axis {@code a}. */
    static float[] resampleAxis(float[] in, int[] size, int a, int outLen, double scale, Interpolation interp) {
        int n = size[a];
        int[] os = size.clone();
        os[a] = outLen;
        float[] out = new float[os[0] * os[1] * os[2]];
        int strideIn = a == 0 ? 1 : (a == 1 ? size[0] : size[0] * size[1]);
        int strideOut = a == 0 ? 1 : (a == 1 ? os[0] : os[0] * os[1]);
        // lines: all index combinations of the other two axes
        int b = a == 0 ? 1 : 0;
        int c = a == 2 ? 1 : 2;
        int nb = size[b];
        int nc = size[c];
        int strideBIn = b == 0 ? 1 : (b == 1 ? size[0] : size[0] * size[1]);
        int strideCIn = c == 0 ? 1 : (c == 1 ? size[0] : size[0] * size[1]);
        int strideBOut = b == 0 ? 1 : (b == 1 ? os[0] : os[0] * os[1]);
        int strideCOut = c == 0 ? 1 : (c == 1 ? os[0] : os[0] * os[1]);
        // precomputed taps
        int taps = interp == Interpolation.NEAREST ? 1 : (interp == Interpolation.LINEAR ? 2 : 4);
        int[] idx = new int[outLen * taps];
        float[] w = new float[outLen * taps];
        int padded = n + 2 * PAD;
        for (int o = 0; o < outLen; o++) {
            double x = o * scale;
            switch (interp) {
                case NEAREST -> {
                    // round half to even is what scipy does at exact .5 for order 0; use floor(x+0.5) like ITK
                    idx[o] = clamp((int) Math.floor(x + 0.5), n);
                    w[o] = 1;
                }
                case LINEAR -> {
                    int i0 = (int) Math.floor(x);
                    double t = x - i0;
                    idx[2 * o] = clamp(i0, n);
                    idx[2 * o + 1] = clamp(i0 + 1, n);
                    w[2 * o] = (float) (1 - t);
                    w[2 * o + 1] = (float) t;
                }
                default -> {
                    double xp = x + PAD;
                    int i0 = (int) Math.floor(xp);
                    double t = xp - i0;
                    double t2 = t * t;
                    double t3 = t2 * t;
                    double[] ww = {(1 - t) * (1 - t) * (1 - t) / 6, (4 - 6 * t2 + 3 * t3) / 6, (1 + 3 * t + 3 * t2 - 3 * t3) / 6, t3 / 6};
                    for (int k = 0; k < 4; k++) {
                        idx[4 * o + k] = clamp(i0 - 1 + k, padded);
                        w[4 * o + k] = (float) ww[k];
                    }
                }
            }
        }
        boolean cubic = interp == Interpolation.CUBIC;
        IntStream.range(0, nc).parallel().forEach(ic -> {
            double[] line = new double[cubic ? padded : n];
            for (int ib = 0; ib < nb; ib++) {
                int baseIn = ib * strideBIn + ic * strideCIn;
                int baseOut = ib * strideBOut + ic * strideCOut;
                if (cubic) {
                    for (int i = 0; i < padded; i++) {
                        int src = Math.min(n - 1, Math.max(0, i - PAD));
                        line[i] = in[baseIn + src * strideIn];
                    }
                    prefilter(line);
                } else {
                    for (int i = 0; i < n; i++) {
                        line[i] = in[baseIn + i * strideIn];
                    }
                }
                for (int o = 0; o < outLen; o++) {
                    double s = 0;
                    for (int k = 0; k < taps; k++) {
                        s += w[o * taps + k] * line[idx[o * taps + k]];
                    }
                    out[baseOut + o * strideOut] = (float) s;
                }
            }
        });
        return out;
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    }

    /** In-place cubic B-spline prefilter (Unser), mirror boundary initialisation. */
    static void prefilter(double[] c) {
        int n = c.length;
        if (n == 1) {
            return;
        }
        double z = POLE;
        double lambda = (1 - z) * (1 - 1 / z);
        for (int i = 0; i < n; i++) {
            c[i] *= lambda;
        }
        // causal init: truncated sum over the mirror-extended signal
        int horizon = Math.min(n, 30);
        double zn = z;
        double sum = c[0];
        for (int k = 1; k < horizon; k++) {
            sum += zn * c[k];
            zn *= z;
        }
        c[0] = sum;
        for (int k = 1; k < n; k++) {
            c[k] += z * c[k - 1];
        }
        // anti-causal init (mirror)
        c[n - 1] = (z / (z * z - 1)) * (z * c[n - 2] + c[n - 1]);
        for (int k = n - 2; k >= 0; k--) {
            c[k] = z * (c[k + 1] - c[k]);
        }
    }
}
