package org.covidmtl.segmentation;

/**
 * Rasterises a closed polygon whose vertices are truncated to integers (as the reference does):
 * pixels whose centre is inside (even-odd rule), plus the pixels on its edges.
 */
final class PolygonFill {
    private PolygonFill() {
    }

    static boolean[] fill(double[] xs, double[] ys, int nx, int ny) {
        int n = xs.length;
        int[] x = new int[n];
        int[] y = new int[n];
        for (int q = 0; q < n; q++) {
            x[q] = (int) xs[q];
            y[q] = (int) ys[q];
        }
        boolean[] m = new boolean[nx * ny];
        double[] cross = new double[n];
        for (int j = 0; j < ny; j++) {
            int c = 0;
            for (int q = 0; q < n; q++) {
                int a = q, b = (q + 1) % n;
                if ((y[a] > j) != (y[b] > j)) {
                    cross[c++] = x[a] + (j - y[a]) * (double) (x[b] - x[a]) / (y[b] - y[a]);
                }
            }
            java.util.Arrays.sort(cross, 0, c);
            for (int e = 0; e + 1 < c; e += 2) {
                for (int i = Math.max(0, (int) Math.ceil(cross[e])); i <= Math.min(nx - 1, (int) Math.floor(cross[e + 1])); i++) {
                    m[i + nx * j] = true;
                }
            }
        }
        for (int q = 0; q < n; q++) {
            line(m, nx, ny, x[q], y[q], x[(q + 1) % n], y[(q + 1) % n]);
        }
        return m;
    }

    private static void line(boolean[] m, int nx, int ny, int x0, int y0, int x1, int y1) {
        int steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
        for (int s = 0; s <= steps; s++) {
            int x = steps == 0 ? x0 : (int) Math.round(x0 + (x1 - x0) * s / (double) steps);
            int y = steps == 0 ? y0 : (int) Math.round(y0 + (y1 - y0) * s / (double) steps);
            if (x >= 0 && y >= 0 && x < nx && y < ny) {
                m[x + nx * y] = true;
            }
        }
    }
}
