package org.covidmtl.radiomics;

/**
 * PyRadiomics' voxel-wise image types (imageoperations.py, v3), computed in double from the image's values,
 * {@code M = max|x|} over the whole image (as PyRadiomics, the image it filters: after resampling, if any):
 * <ul>
 * <li>Square: {@code (x / √M)²} (no sign: every value ≥ 0, whatever the documentation says);</li>
 * <li>SquareRoot: {@code √(x·M)} for x &gt; 0, {@code −√(−x·M)} for x &lt; 0, 0 for 0;</li>
 * <li>Logarithm: {@code log(x + 1)} for x &gt; 0, {@code −log(1 − x)} for x &lt; 0, 0 for 0, then times
 * {@code M / max|that|} = {@code M / log(M + 1)};</li>
 * <li>Exponential: {@code exp(x · log(M) / M)};</li>
 * <li>Gradient: SimpleITK's {@code GradientMagnitudeImageFilter}: {@code √Σ_d ((I[+1] − I[−1]) / (2·s_d))²},
 * central differences, the edge voxel repeated beyond the image, {@code s_d} the spacing (1 without
 * {@code gradientUseSpacing}).</li>
 * </ul>
 * With M = 0 (a zero image) PyRadiomics divides by zero; the values are then NaN (Square, Logarithm) or as numpy
 * gives them.
 */
final class ImageFilters {
    private ImageFilters() {
    }

    /** {@code max|x|} over the image. */
    static double maxAbs(float[] image) {
        float m = 0;
        for (float f : image) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }

    static void square(double[] v, double maxAbs) {
        double c = 1 / Math.sqrt(maxAbs);
        for (int i = 0; i < v.length; i++) {
            double t = c * v[i];
            v[i] = t * t;
        }
    }

    static void squareRoot(double[] v, double maxAbs) {
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            if (x > 0) {
                v[i] = Math.sqrt(x * maxAbs);
            } else if (x < 0) {
                v[i] = -Math.sqrt(-x * maxAbs);
            }
        }
    }

    static void logarithm(double[] v, double maxAbs) {
        double scale = maxAbs / Math.log(maxAbs + 1);
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            if (x > 0) {
                x = Math.log(x + 1);
            } else if (x < 0) {
                x = -Math.log(-(x - 1));
            }
            v[i] = x * scale;
        }
    }

    static void exponential(double[] v, double maxAbs) {
        double c = Math.log(maxAbs) / maxAbs;
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.exp(c * v[i]);
        }
    }

    /** The gradient magnitude at the region's voxels, box order. */
    static double[] gradient(float[] image, int[] size, double[] spacing, boolean useSpacing, Roi roi) {
        int nx = size[0];
        int ny = size[1];
        int nz = size[2];
        int sy = nx;
        int sz = nx * ny;
        double cx = 0.5 / (useSpacing ? spacing[0] : 1);
        double cy = 0.5 / (useSpacing ? spacing[1] : 1);
        double cz = 0.5 / (useSpacing ? spacing[2] : 1);
        double[] v = new double[roi.count];
        java.util.stream.IntStream.range(0, roi.nz).parallel().forEach(bz -> {
            int k = roi.sliceStarts[bz];
            int z = bz + roi.z0;
            int zm = Math.max(z - 1, 0) - z;
            int zp = Math.min(z + 1, nz - 1) - z;
            for (int by = 0; by < roi.ny; by++) {
                int y = by + roi.y0;
                int ym = Math.max(y - 1, 0) - y;
                int yp = Math.min(y + 1, ny - 1) - y;
                int b = roi.nx * (by + roi.ny * bz);
                for (int bx = 0; bx < roi.nx; bx++) {
                    if (!roi.inside[b + bx]) {
                        continue;
                    }
                    int x = bx + roi.x0;
                    int i = x + sy * y + sz * z;
                    double gx = ((double) image[i + Math.min(x + 1, nx - 1) - x] - image[i + Math.max(x - 1, 0) - x]) * cx;
                    double gy = ((double) image[i + sy * yp] - image[i + sy * ym]) * cy;
                    double gz = ((double) image[i + sz * zp] - image[i + sz * zm]) * cz;
                    v[k++] = Math.sqrt(gx * gx + gy * gy + gz * gz);
                }
            }
        });
        return v;
    }
}
