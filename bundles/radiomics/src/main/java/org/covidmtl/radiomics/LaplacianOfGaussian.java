package org.covidmtl.radiomics;

import java.util.stream.IntStream;

/**
 * PyRadiomics' LoG image: SimpleITK's {@code LaplacianRecursiveGaussianImageFilter} with
 * {@code NormalizeAcrossScale}, i.e. {@code σ² · Σ_d ∂²(G_σ * I)/∂x_d²} with σ and x in mm, every 1-D pass a
 * {@link RecursiveGaussian} over a whole image line (so the region's values are those of the whole image's
 * filtering, edges extended by their end values). Only the region's bounding box is produced: per slice the x
 * and y passes on the box's columns and rows, then the z pass on the box's columns over all slices.
 */
final class LaplacianOfGaussian {
    private LaplacianOfGaussian() {
    }

    /**
     * Why PyRadiomics would not compute this LoG image, or null: an image axis under 4 voxels, or
     * {@code size < ceil(σ / spacing) + 1} on an axis (PyRadiomics skips that sigma with a warning).
     */
    static String refusal(int[] size, double[] spacing, double sigma) {
        for (int a = 0; a < 3; a++) {
            if (size[a] < 4) {
                return "image too small for LoG: size " + size[0] + "×" + size[1] + "×" + size[2]
                        + " (PyRadiomics needs at least 4 voxels per axis)";
            }
        }
        for (int a = 0; a < 3; a++) {
            if (size[a] < Math.ceil(sigma / spacing[a]) + 1) {
                return "LoG sigma " + sigma + " mm too large for the image: axis " + "xyz".charAt(a) + " has " + size[a]
                        + " voxels of " + spacing[a] + " mm, PyRadiomics needs ceil(sigma/spacing) + 1 = "
                        + (int) (Math.ceil(sigma / spacing[a]) + 1);
            }
        }
        return null;
    }

    /** The LoG image's values at the region's voxels, box order. */
    static double[] regionValues(float[] image, int[] size, double[] spacing, double sigma, Roi roi) {
        double[] box = boxValues(image, size, spacing, sigma, roi);
        double[] v = new double[roi.count];
        int k = 0;
        for (int i = 0; i < box.length; i++) {
            if (roi.inside[i]) {
                v[k++] = box[i];
            }
        }
        return v;
    }

    /** The LoG image over the region's bounding box (box order, x fastest). */
    static double[] boxValues(float[] image, int[] size, double[] spacing, double sigma, Roi roi) {
        int nx = size[0];
        int ny = size[1];
        int nz = size[2];
        int bx = roi.nx;
        int by = roi.ny;
        int bplane = bx * by;
        double sx2 = spacing[0] * spacing[0];
        double sy2 = spacing[1] * spacing[1];
        double sz2 = spacing[2] * spacing[2];
        RecursiveGaussian gx = RecursiveGaussian.smoothing(sigma, spacing[0]);
        RecursiveGaussian gy = RecursiveGaussian.smoothing(sigma, spacing[1]);
        RecursiveGaussian gz = RecursiveGaussian.smoothing(sigma, spacing[2]);
        RecursiveGaussian dx = RecursiveGaussian.secondDerivative(sigma, spacing[0], true);
        RecursiveGaussian dy = RecursiveGaussian.secondDerivative(sigma, spacing[1], true);
        RecursiveGaussian dz = RecursiveGaussian.secondDerivative(sigma, spacing[2], true);
        // per slice, over the box's x and y: xy = ∂²x·Gy/sx² + Gx·∂²y/sy² (still to be smoothed along z) and
        // g = Gx·Gy (still to be differentiated along z)
        float[] xy = new float[bplane * nz];
        float[] g = new float[bplane * nz];
        IntStream.range(0, nz).parallel().forEach(z -> {
            int n = Math.max(nx, ny);
            double[] line = new double[n];
            double[] out = new double[n];
            double[] scratch = new double[n];
            double[] d2x = new double[bx * ny]; // x passes, box columns, all rows (x fastest)
            double[] gxx = new double[bx * ny];
            for (int y = 0; y < ny; y++) {
                int src = nx * (y + ny * z);
                for (int x = 0; x < nx; x++) {
                    line[x] = image[src + x];
                }
                dx.filter(line, out, scratch, nx);
                System.arraycopy(out, roi.x0, d2x, y * bx, bx);
                gx.filter(line, out, scratch, nx);
                System.arraycopy(out, roi.x0, gxx, y * bx, bx);
            }
            double[] a = new double[n];
            double[] b = new double[n];
            for (int x = 0; x < bx; x++) {
                for (int y = 0; y < ny; y++) {
                    line[y] = d2x[x + bx * y];
                }
                gy.filter(line, a, scratch, ny);
                for (int y = 0; y < ny; y++) {
                    line[y] = gxx[x + bx * y];
                }
                dy.filter(line, b, scratch, ny);
                gy.filter(line, out, scratch, ny);
                int dst = bplane * z + x;
                for (int y = 0; y < by; y++) {
                    int yy = y + roi.y0;
                    xy[dst + bx * y] = (float) (a[yy] / sx2 + b[yy] / sy2);
                    g[dst + bx * y] = (float) out[yy];
                }
            }
        });
        double[] box = new double[bplane * roi.nz];
        IntStream.range(0, by).parallel().forEach(y -> {
            double[] line = new double[nz];
            double[] a = new double[nz];
            double[] b = new double[nz];
            double[] scratch = new double[nz];
            for (int x = 0; x < bx; x++) {
                int c = x + bx * y;
                for (int z = 0; z < nz; z++) {
                    line[z] = xy[c + bplane * z];
                }
                gz.filter(line, a, scratch, nz);
                for (int z = 0; z < nz; z++) {
                    line[z] = g[c + bplane * z];
                }
                dz.filter(line, b, scratch, nz);
                for (int z = 0; z < roi.nz; z++) {
                    int zz = z + roi.z0;
                    box[c + bplane * z] = a[zz] + b[zz] / sz2;
                }
            }
        });
        return box;
    }
}
