package org.covidmtl.radiomics;

import java.util.stream.IntStream;

/** An in-place radix-2 complex FFT of a 3-D array (x fastest), sizes powers of two; lines in parallel. */
final class Fft3 {
    private Fft3() {
    }

    /** The smallest power of two ≥ n. */
    static int pow2(int n) {
        int p = 1;
        while (p < n) {
            p <<= 1;
        }
        return p;
    }

    /** Transforms {@code re + i·im} of size px × py × pz; the inverse is scaled by 1/(px·py·pz). */
    static void transform(double[] re, double[] im, int px, int py, int pz, boolean inverse) {
        // x lines
        IntStream.range(0, py * pz).parallel().forEach(l -> line(re, im, l * px, 1, px, inverse));
        // y lines
        IntStream.range(0, px * pz).parallel().forEach(l -> line(re, im, (l % px) + px * py * (l / px), px, py, inverse));
        // z lines
        IntStream.range(0, px * py).parallel().forEach(l -> line(re, im, l, px * py, pz, inverse));
        if (inverse) {
            double s = 1.0 / ((double) px * py * pz);
            for (int i = 0; i < re.length; i++) {
                re[i] *= s;
                im[i] *= s;
            }
        }
    }

    private static void line(double[] re, double[] im, int start, int stride, int n, boolean inverse) {
        if (n == 1) {
            return;
        }
        double[] r = new double[n];
        double[] m = new double[n];
        for (int k = 0; k < n; k++) {
            r[k] = re[start + k * stride];
            m[k] = im[start + k * stride];
        }
        fft(r, m, inverse);
        for (int k = 0; k < n; k++) {
            re[start + k * stride] = r[k];
            im[start + k * stride] = m[k];
        }
    }

    /** Iterative radix-2 FFT (unscaled), n a power of two. */
    static void fft(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = 2 * Math.PI / len * (inverse ? 1 : -1);
            int half = len / 2;
            for (int k = 0; k < half; k++) {
                double wr = Math.cos(ang * k);
                double wi = Math.sin(ang * k);
                for (int i = k; i < n; i += len) {
                    int j = i + half;
                    double xr = re[j] * wr - im[j] * wi;
                    double xi = re[j] * wi + im[j] * wr;
                    re[j] = re[i] - xr;
                    im[j] = im[i] - xi;
                    re[i] += xr;
                    im[i] += xi;
                }
            }
        }
    }
}
