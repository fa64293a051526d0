package org.covidmtl.segmentation;

/**
 * Fills the holes of a binary slice: background regions (4-connected) that do not touch the border.
 * Works on the foreground's bounding box with a one-pixel margin ({@link SliceBox}), where every hole lies.
 */
final class SliceHoles {
    private SliceHoles() {
    }

    static void fill(boolean[] slice, int nx, int ny) {
        SliceBox b = SliceBox.of(slice, nx, ny, 1);
        if (b == null) {
            return;
        }
        boolean[] m = b.extract(slice);
        fillWhole(m, b.w, b.h);
        b.paste(m, slice);
    }

    private static void fillWhole(boolean[] m, int nx, int ny) {
        boolean[] background = new boolean[m.length];
        for (int p = 0; p < m.length; p++) {
            background[p] = !m[p];
        }
        Components holes = Components.of(background, nx, ny, 1, Components.CONN_4);
        int[] h = holes.labels();
        boolean[] border = new boolean[holes.count() + 1];
        for (int i = 0; i < nx; i++) {
            border[h[i]] = true;
            border[h[i + nx * (ny - 1)]] = true;
        }
        for (int j = 0; j < ny; j++) {
            border[h[nx * j]] = true;
            border[h[nx - 1 + nx * j]] = true;
        }
        for (int p = 0; p < m.length; p++) {
            if (h[p] != 0 && !border[h[p]]) {
                m[p] = true;
            }
        }
    }
}
