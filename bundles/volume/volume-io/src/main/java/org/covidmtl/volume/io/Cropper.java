package org.covidmtl.volume.io;

import java.util.Random;

import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.Volume;
import org.covidmtl.api.volume.VolumeGeometry;

/**
 * Crops and pads as the COVID-MTL reference (CropSave.py and the training loader), in
 * (slices, rows, cols) order: centre crop/pad to 340×390×390 with start = ⌊|shape − target| / 2⌋ per
 * axis (each axis cropped or padded on its own, fixing the reference's mixed-shape defect; padding
 * with an explicit value instead of uninitialised memory), and the 200×250×250 training/test crops at
 * offsets (s0, s1, s2): test (70, 70, 70); training s0 ∈ {50, 60, …, 100}, s1, s2 ∈ {20, 30, …, 80}.
 * The geometry's origin follows the voxels.
 */
public final class Cropper {
    /** The reference's cropped volume size, slices × rows × cols. */
    public static final int[] REFERENCE_SIZE = {340, 390, 390};
    /** The network input size, slices × rows × cols. */
    public static final int[] INPUT_SIZE = {200, 250, 250};
    /** The reference's test-time crop offsets (slices, rows, cols). */
    public static final int[] TEST_OFFSETS = {70, 70, 70};

    private Cropper() {
    }

    /** Centre crop/pad to {@code target} = {slices, rows, cols}; voxels added are {@code padValue}. */
    public static Volume centre(Volume v, int[] target, float padValue) {
        int[] offsets = centreOffsets(v.geometry(), target);
        return window(v, offsets, target, padValue);
    }

    public static Mask centre(Mask m, int[] target) {
        int[] offsets = centreOffsets(m.geometry(), target);
        return window(m, offsets, target);
    }

    /**
     * Start offsets (slices, rows, cols) of the centre window: positive crops, negative pads,
     * |offset| = ⌊|shape − target| / 2⌋.
     */
    public static int[] centreOffsets(VolumeGeometry g, int[] target) {
        int[] shape = {g.sizeZ(), g.sizeY(), g.sizeX()};
        int[] off = new int[3];
        for (int a = 0; a < 3; a++) {
            int d = Math.abs(shape[a] - target[a]) / 2;
            off[a] = shape[a] >= target[a] ? d : -d;
        }
        return off;
    }

    /** Training crop offsets as the reference draws them. */
    public static int[] randomOffsets(Random r) {
        return new int[] {50 + 10 * r.nextInt(6), 20 + 10 * r.nextInt(7), 20 + 10 * r.nextInt(7)};
    }

    /**
     * The window of {@code size} = {slices, rows, cols} starting at {@code offsets} = {s0, s1, s2}
     * (negative or overhanging parts are filled with {@code padValue}).
     */
    public static Volume window(Volume v, int[] offsets, int[] size, float padValue) {
        VolumeGeometry g = v.geometry();
        int nx = size[2];
        int ny = size[1];
        int nz = size[0];
        float[] out = new float[nx * ny * nz];
        java.util.Arrays.fill(out, padValue);
        float[] in = v.voxels();
        copy(g, offsets, nx, ny, nz, (src, dst) -> out[dst] = in[src]);
        return new Volume(shifted(g, offsets, nx, ny, nz), out);
    }

    public static Mask window(Mask m, int[] offsets, int[] size) {
        VolumeGeometry g = m.geometry();
        int nx = size[2];
        int ny = size[1];
        int nz = size[0];
        byte[] out = new byte[nx * ny * nz];
        byte[] in = m.labels();
        copy(g, offsets, nx, ny, nz, (src, dst) -> out[dst] = in[src]);
        return new Mask(shifted(g, offsets, nx, ny, nz), out);
    }

    private interface Copy {
        void at(int src, int dst);
    }

    private static void copy(VolumeGeometry g, int[] off, int nx, int ny, int nz, Copy c) {
        int sx = g.sizeX();
        int sy = g.sizeY();
        int sz = g.sizeZ();
        for (int k = 0; k < nz; k++) {
            int kk = k + off[0];
            if (kk < 0 || kk >= sz) {
                continue;
            }
            for (int j = 0; j < ny; j++) {
                int jj = j + off[1];
                if (jj < 0 || jj >= sy) {
                    continue;
                }
                int srcRow = (kk * sy + jj) * sx;
                int dstRow = (k * ny + j) * nx;
                for (int i = 0; i < nx; i++) {
                    int ii = i + off[2];
                    if (ii >= 0 && ii < sx) {
                        c.at(srcRow + ii, dstRow + i);
                    }
                }
            }
        }
    }

    private static VolumeGeometry shifted(VolumeGeometry g, int[] off, int nx, int ny, int nz) {
        double[] o = g.toPhysical(off[2], off[1], off[0]);
        return new VolumeGeometry(new int[] {nx, ny, nz}, g.spacing(), o, g.direction());
    }
}
