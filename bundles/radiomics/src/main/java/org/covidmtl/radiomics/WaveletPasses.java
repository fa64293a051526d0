package org.covidmtl.radiomics;

import java.util.stream.IntStream;

/**
 * The three 1-D passes of the stationary transform, each {@code out[o] = Σ_j f[j]·in[(o + 3 − j) mod n]}
 * summed in the order j = 0…5 in double (bit for bit the plain periodic convolution, x then y then z).
 * The x and y passes run slice by slice (the x pass of a slice stays in a small buffer) and give an array
 * {@code x.len × y.len × z.ext}; the z pass is evaluated per wanted voxel.
 */
final class WaveletPasses {
    private WaveletPasses() {
    }

    /**
     * Along x (from the image: its flat buffer re-shaped to {@code adj}, zero past its end), then along y.
     *
     * @param out {@code ax.len × ay.len × az.ext}
     */
    static void alongXY(float[] image, int[] adj, WaveletAxis ax, WaveletAxis ay, WaveletAxis az, double[] fx, double[] fy,
            double[] out) {
        int chunks = Math.max(1, Math.min(az.ext(), 4 * Runtime.getRuntime().availableProcessors()));
        int[] gx = new int[ax.len() + 5];
        for (int m = 0; m < gx.length; m++) {
            gx[m] = ax.global(m);
        }
        IntStream.range(0, chunks).parallel().forEach(c -> {
            double[] line = new double[gx.length];
            double[] slice = new double[ax.len() * ay.ext()];
            for (int ez = c * az.ext() / chunks; ez < (c + 1) * az.ext() / chunks; ez++) {
                alongX(image, adj, gx, ax, ay, az.global(ez), fx, line, slice);
                alongY(slice, ax, ay, fy, out, ax.len() * ay.len() * ez);
            }
        });
    }

    /** One slice (image z = gz) along x into {@code slice} ({@code ax.len × ay.ext}). */
    private static void alongX(float[] image, int[] adj, int[] gx, WaveletAxis ax, WaveletAxis ay, long gz, double[] f,
            double[] line, double[] slice) {
        int n = image.length;
        for (int ey = 0; ey < ay.ext(); ey++) {
            long base = (long) adj[0] * (ay.global(ey) + adj[1] * gz);
            if (base + adj[0] <= n) {
                int b = (int) base;
                for (int m = 0; m < line.length; m++) {
                    line[m] = image[b + gx[m]];
                }
            } else {
                for (int m = 0; m < line.length; m++) {
                    long a = base + gx[m];
                    line[m] = a < n ? image[(int) a] : 0;
                }
            }
            int o = ax.len() * ey;
            for (int k = 0; k < ax.len(); k++) {
                slice[o + k] = taps(f, line, k + 5, k + 4, k + 3, k + 2, k + 1, k);
            }
        }
    }

    /** One slice along y, from the x pass's slice into {@code out} at {@code o0}. */
    private static void alongY(double[] in, WaveletAxis ax, WaveletAxis ay, double[] f, double[] out, int o0) {
        int bx = ax.len();
        for (int ky = 0; ky < ay.len(); ky++) {
            int[] r = ay.tapOffsets(ky, bx);
            int o = o0 + bx * ky;
            for (int k = 0; k < bx; k++) {
                out[o + k] = taps(f, in, r[0] + k, r[1] + k, r[2] + k, r[3] + k, r[4] + k, r[5] + k);
            }
        }
    }

    /** {@code Σ_j f[j]·in[i_j]}, summed from 0.0 in the order j = 0…5 (the order of the plain convolution). */
    static double taps(double[] f, double[] in, int i0, int i1, int i2, int i3, int i4, int i5) {
        double s = 0;
        s += f[0] * in[i0];
        s += f[1] * in[i1];
        s += f[2] * in[i2];
        s += f[3] * in[i3];
        s += f[4] * in[i4];
        s += f[5] * in[i5];
        return s;
    }

    /** Along z at output (kx, ky, kz) (0-based in the wanted ranges), from {@link #alongXY}'s array. */
    static double alongZ(double[] in, WaveletAxis ax, WaveletAxis ay, WaveletAxis az, double[] f, int kx, int ky, int kz) {
        int plane = ax.len() * ay.len();
        int row = kx + ax.len() * ky;
        int[] p = az.tapOffsets(kz, plane);
        return taps(f, in, row + p[0], row + p[1], row + p[2], row + p[3], row + p[4], row + p[5]);
    }
}
