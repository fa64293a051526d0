package org.covidmtl.segmentation;

/**
 * A closed (periodic) active contour in the manner of scikit-image's {@code active_contour}: internal
 * energy α (elasticity), β (rigidity), step γ, solved semi-implicitly with one factorisation of the
 * cyclic pentadiagonal matrix ({@link CyclicPentadiagonal}); external energy w_line·image +
 * w_edge·Sobel(image); moves capped at {@code maxPxMove} by tanh; stop after {@code maxIterations} or
 * when the contour is within {@code convergence} of one of the last 10 positions. Coordinates are in
 * pixels of the slice. Difference from scikit-image: the external force is the bilinear interpolation
 * of the central-difference gradient of the energy image, not the derivative of a quadratic spline.
 *
 * @param alpha elasticity
 * @param beta rigidity
 * @param gamma time step
 * @param wLine weight of the intensity
 * @param wEdge weight of the edge magnitude
 * @param maxPxMove largest move per iteration, pixels
 * @param maxIterations iterations at most
 * @param convergence stop when the largest move over the last 10 iterations is below this
 */
record Snake(double alpha, double beta, double gamma, double wLine, double wEdge, double maxPxMove, int maxIterations,
        double convergence) {
    private static final int CONVERGENCE_ORDER = 10;

    /** External energy of an image: w_line·img + w_edge·sobel(img), skimage's Sobel with reflected borders. */
    double[] energy(double[] img, int nx, int ny) {
        double[] e = new double[img.length];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                double gh = 0, gv = 0;
                for (int dj = -1; dj <= 1; dj++) {
                    for (int di = -1; di <= 1; di++) {
                        double v = img[reflect(i + di, nx) + nx * reflect(j + dj, ny)];
                        gh += v * (2 - Math.abs(di)) * dj; // rows difference (horizontal edges)
                        gv += v * (2 - Math.abs(dj)) * di; // columns difference (vertical edges)
                    }
                }
                gh /= 4;
                gv /= 4;
                e[i + nx * j] = wLine * img[i + nx * j] + wEdge * Math.sqrt((gh * gh + gv * gv) / 2);
            }
        }
        return e;
    }

    /** Evolves the contour {@code (x, y)} in place on the energy image. */
    void evolve(double[] x, double[] y, double[] energy, int nx, int ny) {
        int n = x.length;
        if (n < 3) {
            return;
        }
        CyclicPentadiagonal system = new CyclicPentadiagonal(n, alpha, beta, gamma);
        double[][] xs = new double[CONVERGENCE_ORDER][];
        double[][] ys = new double[CONVERGENCE_ORDER][];
        double[] rx = new double[n];
        double[] ry = new double[n];
        double[] g = new double[2];
        for (int it = 0; it < maxIterations; it++) {
            for (int q = 0; q < n; q++) {
                gradient(energy, nx, ny, x[q], y[q], g);
                rx[q] = gamma * x[q] + g[0];
                ry[q] = gamma * y[q] + g[1];
            }
            double[] xn = system.solve(rx);
            double[] yn = system.solve(ry);
            for (int q = 0; q < n; q++) {
                x[q] += maxPxMove * Math.tanh(xn[q] - x[q]);
                y[q] += maxPxMove * Math.tanh(yn[q] - y[q]);
            }
            int j = it % (CONVERGENCE_ORDER + 1);
            if (j < CONVERGENCE_ORDER) {
                xs[j] = x.clone();
                ys[j] = y.clone();
            } else {
                double dist = Double.MAX_VALUE;
                for (int s = 0; s < CONVERGENCE_ORDER; s++) {
                    double worst = 0;
                    for (int q = 0; q < n; q++) {
                        worst = Math.max(worst, Math.abs(xs[s][q] - x[q]) + Math.abs(ys[s][q] - y[q]));
                    }
                    dist = Math.min(dist, worst);
                }
                if (dist < convergence) {
                    return;
                }
            }
        }
    }

    /** Bilinearly interpolated central-difference gradient of {@code e} at (x, y), clamped to the slice. */
    private static void gradient(double[] e, int nx, int ny, double x, double y, double[] g) {
        double cx = Math.max(0, Math.min(nx - 1, x));
        double cy = Math.max(0, Math.min(ny - 1, y));
        int i0 = Math.min((int) cx, nx - 2 < 0 ? 0 : nx - 2);
        int j0 = Math.min((int) cy, ny - 2 < 0 ? 0 : ny - 2);
        double fx = cx - i0, fy = cy - j0;
        double gx = 0, gy = 0;
        for (int dj = 0; dj <= 1; dj++) {
            for (int di = 0; di <= 1; di++) {
                int i = Math.min(nx - 1, i0 + di), j = Math.min(ny - 1, j0 + dj);
                double w = (di == 0 ? 1 - fx : fx) * (dj == 0 ? 1 - fy : fy);
                gx += w * (at(e, nx, ny, i + 1, j) - at(e, nx, ny, i - 1, j)) / 2;
                gy += w * (at(e, nx, ny, i, j + 1) - at(e, nx, ny, i, j - 1)) / 2;
            }
        }
        g[0] = gx;
        g[1] = gy;
    }

    private static double at(double[] e, int nx, int ny, int i, int j) {
        return e[Math.max(0, Math.min(nx - 1, i)) + nx * Math.max(0, Math.min(ny - 1, j))];
    }

    private static int reflect(int i, int n) {
        // scipy 'reflect' (d c b a | a b c d | d c b a)
        if (i < 0) {
            return Math.min(n - 1, -i - 1);
        }
        if (i >= n) {
            return Math.max(0, 2 * n - i - 1);
        }
        return i;
    }
}
