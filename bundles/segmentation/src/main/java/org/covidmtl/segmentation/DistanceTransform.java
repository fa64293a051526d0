package org.covidmtl.segmentation;

/**
 * Exact squared Euclidean distance transform with anisotropic spacing (Felzenszwalb and Huttenlocher's
 * separable lower-envelope algorithm), in mm², on a grid i fastest. Linear in the voxel count.
 */
final class DistanceTransform {
    private DistanceTransform() {
    }

    /** Squared distance in mm² from each voxel to the nearest {@code feature} voxel (+∞ when there is none). */
    static double[] squared(boolean[] feature, int nx, int ny, int nz, double[] spacing) {
        double[] d = new double[feature.length];
        for (int p = 0; p < d.length; p++) {
            d[p] = feature[p] ? 0 : Double.POSITIVE_INFINITY;
        }
        int[] size = {nx, ny, nz};
        int[] stride = {1, nx, nx * ny};
        for (int axis = 0; axis < 3; axis++) {
            int n = size[axis];
            if (n == 1) {
                continue;
            }
            double w = spacing[axis] * spacing[axis];
            double[] f = new double[n];
            double[] out = new double[n];
            int[] v = new int[n];
            double[] z = new double[n + 1];
            int a1 = (axis + 1) % 3, a2 = (axis + 2) % 3;
            for (int u2 = 0; u2 < size[a2]; u2++) {
                for (int u1 = 0; u1 < size[a1]; u1++) {
                    int base = u1 * stride[a1] + u2 * stride[a2];
                    for (int q = 0; q < n; q++) {
                        f[q] = d[base + q * stride[axis]];
                    }
                    lowerEnvelope(f, out, v, z, w);
                    for (int q = 0; q < n; q++) {
                        d[base + q * stride[axis]] = out[q];
                    }
                }
            }
        }
        return d;
    }

    /** out[q] = min_p f[p] + w (q − p)². */
    private static void lowerEnvelope(double[] f, double[] out, int[] v, double[] z, double w) {
        int n = f.length;
        int k = -1;
        for (int q = 0; q < n; q++) {
            if (f[q] == Double.POSITIVE_INFINITY) {
                continue;
            }
            while (true) {
                if (k < 0) {
                    k = 0;
                    v[0] = q;
                    z[0] = Double.NEGATIVE_INFINITY;
                    z[1] = Double.POSITIVE_INFINITY;
                    break;
                }
                double s = ((f[q] + w * q * q) - (f[v[k]] + w * v[k] * (double) v[k])) / (2 * w * (q - v[k]));
                if (s <= z[k]) {
                    k--;
                    continue;
                }
                k++;
                v[k] = q;
                z[k] = s;
                z[k + 1] = Double.POSITIVE_INFINITY;
                break;
            }
        }
        if (k < 0) {
            java.util.Arrays.fill(out, Double.POSITIVE_INFINITY);
            return;
        }
        int j = 0;
        for (int q = 0; q < n; q++) {
            while (z[j + 1] < q) {
                j++;
            }
            double dq = q - v[j];
            out[q] = w * dq * dq + f[v[j]];
        }
    }
}
