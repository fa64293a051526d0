package org.covidmtl.segmentation;

import java.util.Arrays;

/**
 * The outer boundary of a binary slice region as a closed polygon of pixel centres, clockwise on screen
 * (Moore-neighbour tracing from the first pixel in raster order). Used as the snake's seed, standing in
 * for skimage's {@code find_contours} at level 0.8, which runs 0.2 px outside the same pixel centres.
 */
final class BoundaryTrace {
    // clockwise on screen (j grows downwards): E, SE, S, SW, W, NW, N, NE
    private static final int[] DX = {1, 1, 0, -1, -1, -1, 0, 1};
    private static final int[] DY = {0, 1, 1, 1, 0, -1, -1, -1};

    private BoundaryTrace() {
    }

    /** x (column) and y (row) of the boundary pixels, or two empty arrays when the region is empty. */
    static double[][] trace(boolean[] m, int nx, int ny) {
        int start = -1;
        for (int p = 0; p < m.length && start < 0; p++) {
            if (m[p]) {
                start = p;
            }
        }
        if (start < 0) {
            return new double[][] {new double[0], new double[0]};
        }
        int sx = start % nx, sy = start / nx;
        int[] xs = new int[64];
        int[] ys = new int[64];
        int n = 0;
        int cx = sx, cy = sy;
        int back = 4; // came from the west: the pixel to the west is background (raster order)
        int firstX = -1, firstY = -1;
        int limit = 4 * m.length + 8;
        while (limit-- > 0) {
            int found = -1;
            for (int t = 1; t <= 8; t++) {
                int d = (back + t) % 8;
                int x = cx + DX[d], y = cy + DY[d];
                if (x >= 0 && y >= 0 && x < nx && y < ny && m[x + nx * y]) {
                    found = d;
                    break;
                }
            }
            if (found < 0) {
                return new double[][] {{sx}, {sy}};
            }
            int nxp = cx + DX[found], nyp = cy + DY[found];
            if (cx == sx && cy == sy && nxp == firstX && nyp == firstY) {
                break;
            }
            if (n == xs.length) {
                xs = Arrays.copyOf(xs, 2 * n);
                ys = Arrays.copyOf(ys, 2 * n);
            }
            xs[n] = cx;
            ys[n++] = cy;
            if (firstX < 0) {
                firstX = nxp;
                firstY = nyp;
            }
            // the backtrack pixel, the last background one checked before the found neighbour, seen from it
            int bd = (found + 7) % 8;
            int bx = cx + DX[bd] - nxp, by = cy + DY[bd] - nyp;
            back = direction(bx, by);
            cx = nxp;
            cy = nyp;
        }
        double[][] out = new double[2][n];
        for (int q = 0; q < n; q++) {
            out[0][q] = xs[q];
            out[1][q] = ys[q];
        }
        return out;
    }

    private static int direction(int dx, int dy) {
        for (int d = 0; d < 8; d++) {
            if (DX[d] == dx && DY[d] == dy) {
                return d;
            }
        }
        throw new IllegalStateException("not a neighbour: " + dx + "," + dy);
    }
}
