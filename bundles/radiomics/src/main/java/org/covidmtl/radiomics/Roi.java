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

    Roi(int[] lo, int[] hi, boolean[] inside, double[] spacing) {
        this.x0 = lo[0];
        this.y0 = lo[1];
        this.z0 = lo[2];
        this.nx = hi[0] - lo[0] + 1;
        this.ny = hi[1] - lo[1] + 1;
        this.nz = hi[2] - lo[2] + 1;
        this.inside = inside;
        int n = 0;
        for (boolean b : inside) {
            if (b) {
                n++;
            }
        }
        this.count = n;
        this.spacing = spacing.clone();
    }

    int index(int x, int y, int z) {
        return x + nx * (y + ny * z);
    }

    /** True if (x, y, z), in box coordinates, lies in the box and in the region. */
    boolean contains(int x, int y, int z) {
        return x >= 0 && y >= 0 && z >= 0 && x < nx && y < ny && z < nz && inside[index(x, y, z)];
    }

    /** The box's values of an image with {@code sizeX × sizeY} slices, as doubles. */
    double[] cut(ImageSource image, int sizeX, int sizeY) {
        double[] out = new double[nx * ny * nz];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                int src = x0 + sizeX * ((y + y0) + sizeY * (z + z0));
                int dst = nx * (y + ny * z);
                for (int x = 0; x < nx; x++) {
                    out[dst + x] = image.get(src + x);
                }
            }
        }
        return out;
    }

    /** The region's values of a box-sized array, in box order. */
    double[] regionValues(double[] box) {
        double[] v = new double[count];
        int k = 0;
        for (int i = 0; i < box.length; i++) {
            if (inside[i]) {
                v[k++] = box[i];
            }
        }
        return v;
    }

    /** Read access to a whole image by linear index. */
    @FunctionalInterface
    interface ImageSource {
        double get(int index);
    }
}
