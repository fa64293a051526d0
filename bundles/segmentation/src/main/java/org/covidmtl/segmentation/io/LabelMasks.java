package org.covidmtl.segmentation.io;

import java.util.Arrays;
import java.util.Locale;

import org.covidmtl.api.segmentation.SegmentationException;
import org.covidmtl.api.volume.LoadedVolume;
import org.covidmtl.api.volume.Mask;
import org.covidmtl.api.volume.VolumeGeometry;

/** A label file read as a mask, and one-line geometry descriptions for grid errors. */
public final class LabelMasks {
    private LabelMasks() {
    }

    /** The mask read with the volume, or its voxels as labels when they are whole numbers in 0..255. */
    public static Mask of(LoadedVolume lv) {
        if (lv.mask() != null) {
            return lv.mask();
        }
        float[] v = lv.volume().voxels();
        byte[] l = new byte[v.length];
        for (int p = 0; p < v.length; p++) {
            float x = v[p];
            if (x < 0 || x > 255 || x != Math.rint(x)) {
                throw new SegmentationException(lv.source(), "not a label volume: voxel " + p + " is " + x
                        + " (labels are whole numbers 0..255)");
            }
            l[p] = (byte) (int) x;
        }
        return new Mask(lv.volume().geometry(), l);
    }

    /** Voxels whose label is one of {@code labels}; every non-zero voxel when {@code labels} is empty. */
    public static boolean[] select(Mask m, int[] labels) {
        byte[] l = m.labels();
        boolean[] wanted = new boolean[256];
        if (labels == null || labels.length == 0) {
            Arrays.fill(wanted, 1, 256, true);
        } else {
            for (int x : labels) {
                if (x < 0 || x > 255) {
                    throw new IllegalArgumentException("label " + x + " outside 0..255");
                }
                wanted[x] = true;
            }
        }
        boolean[] out = new boolean[l.length];
        for (int p = 0; p < l.length; p++) {
            out[p] = wanted[l[p] & 0xff];
        }
        return out;
    }

    /** Size, spacing, origin and direction on one line. */
    public static String describe(VolumeGeometry g) {
        double[] s = g.spacing();
        double[] o = g.origin();
        double[] d = g.direction();
        StringBuilder dir = new StringBuilder();
        for (int e = 0; e < 9; e++) {
            double x = Math.abs(d[e]) < 5e-5 ? 0 : d[e];
            dir.append(e == 0 ? "" : e % 3 == 0 ? "; " : " ").append(String.format(Locale.ROOT, "%.4g", x));
        }
        return String.format(Locale.ROOT, "%d×%d×%d, spacing %.4g×%.4g×%.4g mm, origin (%.2f, %.2f, %.2f), direction (%s)",
                g.sizeX(), g.sizeY(), g.sizeZ(), s[0], s[1], s[2], o[0], o[1], o[2], dir);
    }

    /** Throws naming both inputs and both geometries unless {@code other} lies on {@code grid}'s grid. */
    public static void requireSameGrid(String gridName, VolumeGeometry grid, String otherName, VolumeGeometry other) {
        if (!grid.sameGrid(other, 1e-3)) {
            throw new SegmentationException(otherName, "lies on another grid (" + describe(other) + ") than " + gridName
                    + " (" + describe(grid) + "); resample it first");
        }
    }
}
