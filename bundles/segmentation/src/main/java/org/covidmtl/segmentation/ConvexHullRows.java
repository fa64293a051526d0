package org.covidmtl.segmentation;

import java.util.Arrays;

/**
 * The convex hull of the foreground of one slice, rasterised as one column interval per row
 * (a convex region meets every row in at most one interval).
 */
final class ConvexHullRows {
    private final int[] from;
    private final int[] to;

    private ConvexHullRows(int[] from, int[] to) {
        this.from = from;
        this.to = to;
    }

    /** Whether pixel (i, j) lies in the hull. */
    boolean contains(int i, int j) {
        return i >= from[j] && i <= to[j];
    }

    /** Hull of the pixels of {@code fg} (nx × ny, i fastest); empty rows have an empty interval. */
    static ConvexHullRows of(boolean[] fg, int offset, int nx, int ny) {
        int[] lo = new int[ny];
        int[] hi = new int[ny];
        int points = 0;
        long[] pts = new long[2 * ny];
        for (int j = 0; j < ny; j++) {
            lo[j] = Integer.MAX_VALUE;
            hi[j] = Integer.MIN_VALUE;
            int row = offset + j * nx;
            for (int i = 0; i < nx; i++) {
                if (fg[row + i]) {
                    lo[j] = Math.min(lo[j], i);
                    hi[j] = i;
                }
            }
            if (hi[j] >= 0) {
                pts[points++] = pack(lo[j], j);
                if (hi[j] != lo[j]) {
                    pts[points++] = pack(hi[j], j);
                }
            }
        }
        int[] from = new int[ny];
        int[] to = new int[ny];
        Arrays.fill(from, Integer.MAX_VALUE);
        Arrays.fill(to, Integer.MIN_VALUE);
        if (points == 0) {
            return new ConvexHullRows(from, to);
        }
        long[] hull = monotoneChain(Arrays.copyOf(pts, points));
        int h = hull.length;
        for (int e = 0; e < h; e++) {
            long a = hull[e];
            long b = hull[(e + 1) % h];
            int ax = x(a), ay = y(a), bx = x(b), by = y(b);
            if (ay == by) {
                cover(from, to, ay, Math.min(ax, bx), Math.max(ax, bx));
                continue;
            }
            int y0 = Math.min(ay, by), y1 = Math.max(ay, by);
            for (int y = y0; y <= y1; y++) {
                double t = (y - ay) / (double) (by - ay);
                double xv = ax + t * (bx - ax);
                cover(from, to, y, (int) Math.ceil(xv - 1e-9), (int) Math.floor(xv + 1e-9));
            }
        }
        return new ConvexHullRows(from, to);
    }

    private static void cover(int[] from, int[] to, int y, int x0, int x1) {
        from[y] = Math.min(from[y], Math.min(x0, x1));
        to[y] = Math.max(to[y], Math.max(x0, x1));
    }

    private static long pack(int x, int y) {
        return ((long) x << 32) | (y & 0xffffffffL);
    }

    private static int x(long p) {
        return (int) (p >> 32);
    }

    private static int y(long p) {
        return (int) p;
    }

    private static long cross(long o, long a, long b) {
        return (long) (x(a) - x(o)) * (y(b) - y(o)) - (long) (y(a) - y(o)) * (x(b) - x(o));
    }

    /** Andrew's monotone chain; points sorted by x then y (the packing sorts that way for x ≥ 0). */
    private static long[] monotoneChain(long[] p) {
        Arrays.sort(p);
        int n = p.length;
        if (n < 3) {
            return p;
        }
        long[] h = new long[2 * n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            while (k >= 2 && cross(h[k - 2], h[k - 1], p[i]) <= 0) {
                k--;
            }
            h[k++] = p[i];
        }
        for (int i = n - 2, t = k + 1; i >= 0; i--) {
            while (k >= t && cross(h[k - 2], h[k - 1], p[i]) <= 0) {
                k--;
            }
            h[k++] = p[i];
        }
        return Arrays.copyOf(h, k - 1);
    }
}
