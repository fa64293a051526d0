package org.covidmtl.radiomics;

import java.util.List;
import java.util.stream.IntStream;

/**
 * One sub-band of PyRadiomics' wavelet image type: {@code pywt.swtn(level=1)} (stationary, periodic
 * convolution {@code out[o] = Σ_j f[j]·x[(o + F/2 − j) mod N]}), with PyRadiomics' padding — the flat
 * voxel buffer is re-shaped to even sizes ({@code ndarray.resize}: zero-filled at its end) and the result
 * cut back the same way ({@code numpy.resize}). Band letters are L (low pass) / H (high pass) along x, y, z.
 */
final class Wavelet {
    static final List<String> NAMES = List.of("coif1");
    private static final double[] COIF1_LO = {-0.015655728135464540, -0.072732619512853897, 0.384864846864202860,
            0.852572020212255430, 0.337897662457809220, -0.072732619512853897};
    private static final double[] COIF1_HI = {0.072732619512853897, 0.337897662457809220, -0.852572020212255430,
            0.384864846864202860, 0.072732619512853897, -0.015655728135464540};

    private Wavelet() {
    }

    static boolean supports(String wavelet) {
        return NAMES.contains(wavelet);
    }

    /** The sub-band {@code band} (e.g. {@code LLH}) of an image of size {@code size}, on the image's grid. */
    static double[] subBand(float[] image, int[] size, String band) {
        int[] adj = new int[3];
        for (int a = 0; a < 3; a++) {
            adj[a] = size[a] % 2 == 0 ? size[a] : size[a] + 1;
        }
        int n = image.length;
        double[] data = new double[adj[0] * adj[1] * adj[2]];
        for (int i = 0; i < Math.min(n, data.length); i++) {
            data[i] = image[i];
        }
        double[] tmp = new double[data.length];
        for (int axis = 0; axis < 3; axis++) {
            double[] f = band.charAt(axis) == 'L' ? COIF1_LO : COIF1_HI;
            convolve(data, tmp, adj, axis, f);
            double[] t = data;
            data = tmp;
            tmp = t;
        }
        if (data.length == n) {
            return data;
        }
        double[] out = new double[n];
        System.arraycopy(data, 0, out, 0, n);
        return out;
    }

    /** Periodic stationary convolution of {@code in} along {@code axis} into {@code out}. */
    private static void convolve(double[] in, double[] out, int[] size, int axis, double[] f) {
        int len = size[axis];
        int stride = axis == 0 ? 1 : axis == 1 ? size[0] : size[0] * size[1];
        int lines = in.length / len;
        int half = f.length / 2;
        IntStream.range(0, lines).parallel().forEach(line -> {
            int base = lineStart(line, size, axis);
            double[] x = new double[len];
            for (int k = 0; k < len; k++) {
                x[k] = in[base + k * stride];
            }
            for (int o = 0; o < len; o++) {
                double sum = 0;
                for (int j = 0; j < f.length; j++) {
                    sum += f[j] * x[Math.floorMod(o + half - j, len)];
                }
                out[base + o * stride] = sum;
            }
        });
    }

    /** Linear index of the first voxel of line number {@code line} along {@code axis}. */
    private static int lineStart(int line, int[] size, int axis) {
        return switch (axis) {
            case 0 -> line * size[0];
            case 1 -> (line % size[0]) + (line / size[0]) * size[0] * size[1];
            default -> line;
        };
    }
}
