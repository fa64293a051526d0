package org.covidmtl.segmentation;

import java.util.Arrays;

/**
 * Air inside the body, slice by slice. The body of a slice is its largest tissue component
 * (HU ≥ threshold, 8-connected). An air component (8-connected) is outside air when it touches the
 * slice border <em>and</em> less than half of it lies in the body's convex hull. The reference clears
 * every air component touching the border, which deletes lungs cut by a cropped field of view; here a
 * lung touching the border stays, because it lies inside the hull of the tissue around it.
 */
final class InsideAir {
    /** Fraction of a border-touching air component that must lie in the body hull to count as inside. */
    static final double INSIDE_FRACTION = 0.5;

    /**
     * Per slice: the body's column centre and extent (NaN / -1 for a slice without body).
     *
     * @param air HU below the threshold
     * @param inside air that is not outside air
     */
    record Result(boolean[] air, boolean[] inside, double[] bodyCentreI, int[] bodyMinI, int[] bodyMaxI) {
    }

    private InsideAir() {
    }

    static Result of(float[] hu, int nx, int ny, int nz, float threshold, int threads) {
        int plane = nx * ny;
        boolean[] air = new boolean[hu.length];
        for (int p = 0; p < hu.length; p++) {
            air[p] = hu[p] < threshold;
        }
        boolean[] inside = new boolean[hu.length];
        double[] centre = new double[nz];
        int[] minI = new int[nz];
        int[] maxI = new int[nz];
        Arrays.fill(centre, Double.NaN);
        Arrays.fill(minI, -1);
        Arrays.fill(maxI, -1);
        Parallel.forEach(nz, threads, k -> {
            int off = k * plane;
            boolean[] a = Arrays.copyOfRange(air, off, off + plane);
            boolean[] tissue = new boolean[plane];
            for (int p = 0; p < plane; p++) {
                tissue[p] = !a[p];
            }
            Components body = Components.of(tissue, nx, ny, 1, Components.CONN_8);
            int b = body.largest();
            boolean[] bodyMask = new boolean[plane];
            if (b > 0) {
                int[] bl = body.labels();
                long sum = 0;
                int lo = nx, hi = -1;
                for (int p = 0; p < plane; p++) {
                    if (bl[p] == b) {
                        bodyMask[p] = true;
                        int i = p % nx;
                        sum += i;
                        lo = Math.min(lo, i);
                        hi = Math.max(hi, i);
                    }
                }
                centre[k] = sum / (double) body.size(b);
                minI[k] = lo;
                maxI[k] = hi;
            }
            ConvexHullRows hull = ConvexHullRows.of(bodyMask, 0, nx, ny);
            Components comps = Components.of(a, nx, ny, 1, Components.CONN_8);
            int[] l = comps.labels();
            int n = comps.count();
            boolean[] border = new boolean[n + 1];
            long[] inHull = new long[n + 1];
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    int c = l[i + nx * j];
                    if (c == 0) {
                        continue;
                    }
                    if (i == 0 || j == 0 || i == nx - 1 || j == ny - 1) {
                        border[c] = true;
                    }
                    if (hull.contains(i, j)) {
                        inHull[c]++;
                    }
                }
            }
            for (int p = 0; p < plane; p++) {
                int c = l[p];
                if (c != 0 && !(border[c] && inHull[c] < INSIDE_FRACTION * comps.size(c))) {
                    inside[off + p] = true;
                }
            }
        });
        return new Result(air, inside, centre, minI, maxI);
    }
}
