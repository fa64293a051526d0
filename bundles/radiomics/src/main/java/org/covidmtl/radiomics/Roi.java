package org.covidmtl.radiomics;

/**
 * The region of interest cut to its bounding box: which voxels of the box belong to the region, and
 * where the box lies in the image. Arrays are i fastest, as in {@link org.covidmtl.api.volume.Volume}.
 */
final class Roi {
    final int nx;
    final int ny;
    final int nz;
    final int x0;
    final int y0;
    final int z0;
    final boolean[] inside;
    final int count;
    final double[] spacing;
    /** For each box slice z (and nz), the number of region voxels in the slices before it (box order). */
    final int[] sliceStarts;

    Roi(int[] lo, int[] hi, boolean[] inside, double[] spacing) {
        this.x0 = lo[0];
        this.y0 = lo[1];
        this.z0 = lo[2];
        this.nx = hi[0] - lo[0] + 1;
        this.ny = hi[1] - lo[1] + 1;
        this.nz = hi[2] - lo[2] + 1;
        this.inside = inside;
        this.sliceStarts = new int[nz + 1];
        int plane = nx * ny;
        for (int z = 0; z < nz; z++) {
            int c = 0;
            for (int i = z * plane; i < (z + 1) * plane; i++) {
                c += inside[i] ? 1 : 0;
            }
            sliceStarts[z + 1] = sliceStarts[z] + c;
        }
        this.count = sliceStarts[nz];
        this.spacing = spacing.clone();
    }

    int index(int x, int y, int z) {
        return x + nx * (y + ny * z);
    }

    /** The region's values of an image with {@code sizeX × sizeY} slices, as doubles, in box order. */
    double[] regionValues(float[] image, int sizeX, int sizeY) {
        double[] v = new double[count];
        int k = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                int src = x0 + sizeX * ((y + y0) + sizeY * (z + z0));
                int b = nx * (y + ny * z);
                for (int x = 0; x < nx; x++) {
                    if (inside[b + x]) {
                        v[k++] = image[src + x];
                    }
                }
            }
        }
        return v;
    }
}
