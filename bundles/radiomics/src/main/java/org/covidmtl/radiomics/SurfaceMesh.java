package org.covidmtl.radiomics;

import java.util.Arrays;

/**
 * The marching-cubes surface of a region (vertices at edge midpoints, {@link MarchingCubesTable}): its
 * area, the volume it encloses (divergence theorem over outward triangles) and its distinct vertices, in
 * doubled voxel coordinates of the region's box padded by one voxel.
 */
final class SurfaceMesh {
    final double area;
    final double volume;
    /** Distinct vertices, each packed by {@link #pack}. */
    final long[] vertices;

    private SurfaceMesh(double area, double volume, long[] vertices) {
        this.area = area;
        this.volume = volume;
        this.vertices = vertices;
    }

    static SurfaceMesh of(Roi roi) {
        return of(roi, false);
    }

    /** @param largestVolume IBSI's mesh ({@link MarchingCubesTable#forSpacing(double[], boolean)}) */
    static SurfaceMesh of(Roi roi, boolean largestVolume) {
        int px = roi.nx + 2;
        int py = roi.ny + 2;
        int pz = roi.nz + 2;
        byte[] m = new byte[px * py * pz];
        for (int z = 0; z < roi.nz; z++) {
            for (int y = 0; y < roi.ny; y++) {
                for (int x = 0; x < roi.nx; x++) {
                    if (roi.inside[roi.index(x, y, z)]) {
                        m[(x + 1) + px * ((y + 1) + py * (z + 1))] = 1;
                    }
                }
            }
        }
        double hx = roi.spacing[0] / 2;
        double hy = roi.spacing[1] / 2;
        double hz = roi.spacing[2] / 2;
        int[][] mid = new int[12][];
        for (int e = 0; e < 12; e++) {
            mid[e] = MarchingCubesTable.midpoint2(e);
        }
        int[][] table = MarchingCubesTable.forSpacing(roi.spacing, largestVolume);
        int[] cornerOffset = new int[8];
        for (int k = 0; k < 8; k++) {
            cornerOffset[k] = (k & 1) + px * ((k >> 1 & 1) + py * (k >> 2 & 1));
        }
        double area = 0;
        double volume = 0;
        long[] verts = new long[1024];
        int nv = 0;
        double[] a = new double[3];
        double[] b = new double[3];
        double[] c = new double[3];
        for (int z = 0; z < pz - 1; z++) {
            for (int y = 0; y < py - 1; y++) {
                for (int x = 0; x < px - 1; x++) {
                    int o = x + px * (y + py * z);
                    int cfg = 0;
                    for (int k = 0; k < 8; k++) {
                        cfg |= m[o + cornerOffset[k]] << k;
                    }
                    int[] tri = table[cfg];
                    if (tri.length == 0) {
                        continue;
                    }
                    if (nv + tri.length > verts.length) {
                        verts = Arrays.copyOf(verts, Math.max(verts.length * 2, nv + tri.length));
                    }
                    for (int t = 0; t < tri.length; t += 3) {
                        point(mid[tri[t]], x, y, z, hx, hy, hz, a);
                        point(mid[tri[t + 1]], x, y, z, hx, hy, hz, b);
                        point(mid[tri[t + 2]], x, y, z, hx, hy, hz, c);
                        volume += a[0] * (b[1] * c[2] - b[2] * c[1]) + a[1] * (b[2] * c[0] - b[0] * c[2])
                                + a[2] * (b[0] * c[1] - b[1] * c[0]);
                        double ux = b[0] - a[0];
                        double uy = b[1] - a[1];
                        double uz = b[2] - a[2];
                        double vx = c[0] - a[0];
                        double vy = c[1] - a[1];
                        double vz = c[2] - a[2];
                        double cx = uy * vz - uz * vy;
                        double cy = uz * vx - ux * vz;
                        double cz = ux * vy - uy * vx;
                        area += 0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz);
                    }
                    for (int e : tri) {
                        verts[nv++] = pack(2 * x + mid[e][0], 2 * y + mid[e][1], 2 * z + mid[e][2]);
                    }
                }
            }
        }
        long[] distinct = Arrays.stream(verts, 0, nv).sorted().distinct().toArray();
        return new SurfaceMesh(area, volume / 6, distinct);
    }

    private static void point(int[] mid2, int x, int y, int z, double hx, double hy, double hz, double[] out) {
        out[0] = (2 * x + mid2[0]) * hx;
        out[1] = (2 * y + mid2[1]) * hy;
        out[2] = (2 * z + mid2[2]) * hz;
    }

    /** Packs doubled coordinates (each below 2^21) into one long, z major. */
    static long pack(int x2, int y2, int z2) {
        return ((long) z2 << 42) | ((long) y2 << 21) | x2;
    }

    static int x2(long v) {
        return (int) (v & 0x1FFFFF);
    }

    static int y2(long v) {
        return (int) (v >>> 21 & 0x1FFFFF);
    }

    static int z2(long v) {
        return (int) (v >>> 42);
    }
}
