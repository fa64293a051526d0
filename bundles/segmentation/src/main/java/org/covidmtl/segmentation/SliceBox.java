package org.covidmtl.segmentation;

/**
 * The bounding box of a slice's foreground grown by a margin and clipped to the slice: slice operations
 * whose effect reaches at most the margin (a closing by a disk, a hole fill) run on the box alone and
 * give the same pixels as on the whole slice, in time proportional to the box.
 */
final class SliceBox {
    final int x0;
    final int y0;
    final int w;
    final int h;
    private final int nx;

    private SliceBox(int x0, int y0, int w, int h, int nx) {
        this.x0 = x0;
        this.y0 = y0;
        this.w = w;
        this.h = h;
        this.nx = nx;
    }

    /** The box, or {@code null} when the slice has no foreground. */
    static SliceBox of(boolean[] m, int nx, int ny, int margin) {
        int xmin = nx, xmax = -1, ymin = ny, ymax = -1;
        for (int j = 0; j < ny; j++) {
            int row = j * nx;
            for (int i = 0; i < nx; i++) {
                if (m[row + i]) {
                    xmin = Math.min(xmin, i);
                    xmax = Math.max(xmax, i);
                    ymin = Math.min(ymin, j);
                    ymax = j;
                }
            }
        }
        if (xmax < 0) {
            return null;
        }
        int x0 = Math.max(0, xmin - margin), y0 = Math.max(0, ymin - margin);
        int x1 = Math.min(nx - 1, xmax + margin), y1 = Math.min(ny - 1, ymax + margin);
        return new SliceBox(x0, y0, x1 - x0 + 1, y1 - y0 + 1, nx);
    }

    /** Pixels of a disk of {@code r} mm, plus one: what a dilation or erosion by it can reach. */
    static int margin(double[] spacing, double r) {
        return (int) Math.ceil(r / Math.min(spacing[0], spacing[1])) + 1;
    }

    boolean[] extract(boolean[] m) {
        boolean[] sub = new boolean[w * h];
        for (int j = 0; j < h; j++) {
            System.arraycopy(m, (y0 + j) * nx + x0, sub, j * w, w);
        }
        return sub;
    }

    /** Copies the box back into a slice. */
    void paste(boolean[] sub, boolean[] m) {
        for (int j = 0; j < h; j++) {
            System.arraycopy(sub, j * w, m, (y0 + j) * nx + x0, w);
        }
    }
}
