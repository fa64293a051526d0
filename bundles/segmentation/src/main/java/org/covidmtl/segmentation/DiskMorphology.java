package org.covidmtl.segmentation;

/**
 * Binary erosion, dilation and closing of one slice by a disk of radius r mm, through the exact
 * distance transform: linear in the pixel count whatever the radius, and computed on the foreground's
 * bounding box grown by the radius ({@link SliceBox}), outside which neither operation changes a
 * pixel. A pixel belongs to the disk around another when their distance is at most r (skimage's
 * {@code disk(r)} at 1 mm pixels). As in skimage, the image border neither erodes (outside counts as
 * foreground for erosion) nor dilates.
 */
final class DiskMorphology {
    private DiskMorphology() {
    }

    static boolean[] dilate(boolean[] m, int nx, int ny, double[] spacing, double r) {
        boolean[] out = new boolean[m.length];
        SliceBox b = SliceBox.of(m, nx, ny, SliceBox.margin(spacing, r));
        if (b == null) {
            return out;
        }
        double[] d = DistanceTransform.squared(b.extract(m), b.w, b.h, 1, spacing);
        boolean[] sub = new boolean[d.length];
        double r2 = r * r + 1e-9;
        for (int p = 0; p < d.length; p++) {
            sub[p] = d[p] <= r2;
        }
        b.paste(sub, out);
        return out;
    }

    static boolean[] erode(boolean[] m, int nx, int ny, double[] spacing, double r) {
        boolean[] out = new boolean[m.length];
        SliceBox b = SliceBox.of(m, nx, ny, SliceBox.margin(spacing, r));
        if (b == null) {
            return out;
        }
        boolean[] background = b.extract(m);
        for (int p = 0; p < background.length; p++) {
            background[p] = !background[p];
        }
        double[] d = DistanceTransform.squared(background, b.w, b.h, 1, spacing);
        boolean[] sub = new boolean[d.length];
        double r2 = r * r + 1e-9;
        for (int p = 0; p < d.length; p++) {
            sub[p] = d[p] > r2;
        }
        b.paste(sub, out);
        return out;
    }

    static boolean[] close(boolean[] m, int nx, int ny, double[] spacing, double r) {
        return erode(dilate(m, nx, ny, spacing, r), nx, ny, spacing, r);
    }
}
