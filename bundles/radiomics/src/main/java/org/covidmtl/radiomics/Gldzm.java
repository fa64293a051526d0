package org.covidmtl.radiomics;

import java.util.Map;

/**
 * IBSI's grey level distance zone matrix (IBSI chapter 1, "Grey level distance zone based features", tags
 * {@code dzm_*}), class {@code gldzm}: zones as GLSZM's (equal discretised grey level, 26-connected; 8-connected within
 * a slice with force2D, merged over the slices = IBSI's 2.5-D), each counted at its distance to the ROI edge, the
 * smallest distance of its voxels. The distance map: a voxel with a face neighbour outside the mask has distance 1,
 * others the fewest face-neighbour steps (6-connected; 4-connected in-plane with force2D) to such a voxel plus 1 — taken
 * on the morphological mask (the mask before re-segmentation: IBSI's choice, so that holes re-segmentation leaves do
 * not become edges). Features are the size-zone forms with sizes replaced by distances.
 */
final class Gldzm {
    static final String[] NAMES = {"SmallDistanceEmphasis", "LargeDistanceEmphasis", "GrayLevelNonUniformity",
            "GrayLevelNonUniformityNormalized", "ZoneDistanceNonUniformity", "ZoneDistanceNonUniformityNormalized",
            "ZonePercentage", "GrayLevelVariance", "ZoneDistanceVariance", "ZoneDistanceEntropy", "LowGrayLevelZoneEmphasis",
            "HighGrayLevelZoneEmphasis", "SmallDistanceLowGrayLevelEmphasis", "SmallDistanceHighGrayLevelEmphasis",
            "LargeDistanceLowGrayLevelEmphasis", "LargeDistanceHighGrayLevelEmphasis"};

    private Gldzm() {
    }

    /**
     * The distance to the edge of {@code mask} of each voxel of its box padded by one voxel (0 outside), x fastest.
     */
    static int[] distanceMap(Roi mask, boolean force2D) {
        int px = mask.nx + 2;
        int py = mask.ny + 2;
        int pz = mask.nz + 2;
        int[] dist = new int[px * py * pz];
        int[] queue = new int[Math.max(1, mask.count)];
        int head = 0;
        int tail = 0;
        int[] off = force2D ? new int[] {1, -1, px, -px} : new int[] {1, -1, px, -px, px * py, -px * py};
        for (int z = 0; z < mask.nz; z++) {
            for (int y = 0; y < mask.ny; y++) {
                for (int x = 0; x < mask.nx; x++) {
                    if (mask.inside[mask.index(x, y, z)]) {
                        dist[(x + 1) + px * ((y + 1) + py * (z + 1))] = Integer.MAX_VALUE;
                    }
                }
            }
        }
        for (int i = 0; i < dist.length; i++) {
            if (dist[i] == 0) {
                continue;
            }
            for (int o : off) {
                if (dist[i + o] == 0) {
                    dist[i] = 1;
                    queue[tail++] = i;
                    break;
                }
            }
        }
        while (head < tail) {
            int a = queue[head++];
            for (int o : off) {
                int b = a + o;
                if (dist[b] == Integer.MAX_VALUE) {
                    dist[b] = dist[a] + 1;
                    queue[tail++] = b;
                }
            }
        }
        return dist;
    }

    /**
     * The distance-zone matrix: rows by present grey level, columns by distance 1..largest.
     *
     * @param distanceMask the mask the distances are measured in (its box contains the region's)
     */
    static double[][] matrix(Discretised d, Roi distanceMask, boolean force2D) {
        Roi r = d.roi();
        int[] dist = distanceMap(distanceMask, force2D);
        int dpx = distanceMask.nx + 2;
        int dpy = distanceMask.ny + 2;
        int sx = r.x0 - distanceMask.x0;
        int sy = r.y0 - distanceMask.y0;
        int sz = r.z0 - distanceMask.z0;
        char[] lv = d.levels().clone();
        int[] idx = d.levelIndex();
        int[] off = d.offsets(Directions.neighbours(force2D));
        int rpx = r.nx + 2;
        int rpy = r.ny + 2;
        int[] zoneLevel = new int[r.count];
        int[] zoneDist = new int[r.count];
        int zones = 0;
        int[] stack = new int[Math.max(16, r.count)];
        int maxDist = 1;
        for (int z = 0; z < r.nz; z++) {
            for (int y = 0; y < r.ny; y++) {
                int start = d.padded(0, y, z);
                for (int x = 0; x < r.nx; x++, start++) {
                    char level = lv[start];
                    if (level == 0) {
                        continue;
                    }
                    int best = Integer.MAX_VALUE;
                    int top = 0;
                    stack[top++] = start;
                    lv[start] = 0;
                    while (top > 0) {
                        int a = stack[--top];
                        int ax = a % rpx - 1;
                        int ay = a / rpx % rpy - 1;
                        int az = a / (rpx * rpy) - 1;
                        int dv = dist[(ax + sx + 1) + dpx * ((ay + sy + 1) + dpy * (az + sz + 1))];
                        best = Math.min(best, dv);
                        for (int o : off) {
                            int b = a + o;
                            if (lv[b] == level) {
                                lv[b] = 0;
                                stack[top++] = b;
                            }
                        }
                    }
                    if (best < 1) {
                        throw new IllegalStateException("region voxel outside the distance mask");
                    }
                    zoneLevel[zones] = idx[level];
                    zoneDist[zones++] = best;
                    maxDist = Math.max(maxDist, best);
                }
            }
        }
        double[][] p = new double[d.grayLevels().length][maxDist];
        for (int k = 0; k < zones; k++) {
            p[zoneLevel[k]][zoneDist[k] - 1]++;
        }
        return p;
    }

    static Map<String, Double> compute(Discretised d, Roi distanceMask, boolean force2D) {
        double[][] p = matrix(d, distanceMask, force2D);
        SizeMatrix m = new SizeMatrix(p, SizeMatrix.levels(d), SizeMatrix.sizes(p[0].length));
        return m.named(m.n / d.roi().count, NAMES);
    }
}
