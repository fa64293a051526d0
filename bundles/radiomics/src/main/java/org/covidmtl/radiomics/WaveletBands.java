package org.covidmtl.radiomics;

import java.util.stream.IntStream;

/**
 * The sub-bands of one image, computed only where they are wanted (the region's box, or the whole image when
 * PyRadiomics' re-shaping to even sizes scrambles the layout) and sharing work between bands: the x pass of
 * the x and y passes of the last two letters are kept, so bands asked for in sorted order cost 4 x and y
 * passes and 8 z passes (the z pass only at the region's voxels). Not thread-safe; {@link #release()} frees the buffers.
 */
final class WaveletBands {
    private final float[] image;
    private final int[] size;
    private final int[] adj;
    private final WaveletAxis ax;
    private final WaveletAxis ay;
    private final WaveletAxis az;
    private double[] yPass;
    private String yBand = "";

    private WaveletBands(float[] image, int[] size, int[] lo, int[] len) {
        this.image = image;
        this.size = size.clone();
        this.adj = new int[3];
        for (int a = 0; a < 3; a++) {
            adj[a] = size[a] % 2 == 0 ? size[a] : size[a] + 1;
        }
        boolean reshaped = adj[0] != size[0] || adj[1] != size[1] || adj[2] != size[2];
        this.ax = reshaped ? WaveletAxis.whole(adj[0]) : WaveletAxis.of(adj[0], lo[0], len[0]);
        this.ay = reshaped ? WaveletAxis.whole(adj[1]) : WaveletAxis.of(adj[1], lo[1], len[1]);
        this.az = reshaped ? WaveletAxis.whole(adj[2]) : WaveletAxis.of(adj[2], lo[2], len[2]);
    }

    /** Bands wanted on the box of {@code roi}. */
    static WaveletBands forRoi(float[] image, int[] size, Roi roi) {
        return new WaveletBands(image, size, new int[] {roi.x0, roi.y0, roi.z0}, new int[] {roi.nx, roi.ny, roi.nz});
    }

    /** Bands wanted on the whole image. */
    static WaveletBands whole(float[] image, int[] size) {
        return new WaveletBands(image, size, new int[3], size);
    }

    /** The region's values of sub-band {@code band}, in box order (as {@link Roi#regionValues}). */
    double[] regionValues(String band, Roi roi) {
        double[] y = prepare(band);
        double[] f = Wavelet.filter(band.charAt(2));
        int[] starts = roi.sliceStarts;
        double[] out = new double[roi.count];
        boolean direct = ax.lo() == roi.x0 && ay.lo() == roi.y0 && az.lo() == roi.z0 && ax.len() == roi.nx
                && ay.len() == roi.ny && az.len() == roi.nz;
        IntStream.range(0, roi.nz).parallel().forEach(z -> {
            if (direct) {
                directSlice(y, f, roi, z, out);
            } else {
                int k = starts[z];
                int[] g = new int[3];
                for (int y0 = 0; y0 < roi.ny; y0++) {
                    int b = roi.nx * (y0 + roi.ny * z);
                    long flat = roi.x0 + (long) size[0] * ((y0 + roi.y0) + (long) size[1] * (z + roi.z0));
                    for (int x = 0; x < roi.nx; x++) {
                        if (roi.inside[b + x]) {
                            out[k++] = at(y, f, flat + x, g);
                        }
                    }
                }
            }
        });
        return out;
    }

    /** Box slice z of the region when the wanted ranges are the region's box (no re-shaping). */
    private void directSlice(double[] y, double[] f, Roi roi, int z, double[] out) {
        int[] starts = roi.sliceStarts;
        int plane = roi.nx * roi.ny;
        int[] p = az.tapOffsets(z, plane);
        int k = starts[z];
        int b = plane * z;
        for (int i = 0; i < plane; i++) {
            if (roi.inside[b + i]) {
                out[k++] = WaveletPasses.taps(f, y, p[0] + i, p[1] + i, p[2] + i, p[3] + i, p[4] + i, p[5] + i);
            }
        }
    }

    /** Sub-band {@code band} on the whole image, flat in the image's order. */
    double[] wholeValues(String band) {
        double[] y = prepare(band);
        double[] f = Wavelet.filter(band.charAt(2));
        double[] out = new double[image.length];
        int sliceLen = size[0] * size[1];
        IntStream.range(0, size[2]).parallel().forEach(z -> {
            int[] g = new int[3];
            for (int i = z * sliceLen; i < (z + 1) * sliceLen; i++) {
                out[i] = at(y, f, i, g);
            }
        });
        return out;
    }

    void release() {
        yPass = null;
        yBand = "";
    }

    /** The band's value at flat index {@code flat} of the image (the same flat index of the re-shaped buffer). */
    private double at(double[] y, double[] f, long flat, int[] g) {
        g[0] = (int) (flat % adj[0]);
        long r = flat / adj[0];
        g[1] = (int) (r % adj[1]);
        g[2] = (int) (r / adj[1]);
        return WaveletPasses.alongZ(y, ax, ay, az, f, g[0] - ax.lo(), g[1] - ay.lo(), g[2] - az.lo());
    }

    private double[] prepare(String band) {
        if (!band.startsWith(yBand) || yBand.isEmpty()) {
            if (yPass == null) {
                yPass = new double[ax.len() * ay.len() * az.ext()];
            }
            WaveletPasses.alongXY(image, adj, ax, ay, az, Wavelet.filter(band.charAt(0)), Wavelet.filter(band.charAt(1)), yPass);
            yBand = band.substring(0, 2);
        }
        return yPass;
    }
}
