package org.covidmtl.radiomics;

import java.util.ArrayList;
import java.util.List;

/** The 13 unique 3-D neighbour offsets at distance 1 (one of each opposite pair), as {dx, dy, dz}. */
final class Directions {
    static final int[][] UNIQUE_13 = unique();
    /** All 26 neighbour offsets. */
    static final int[][] ALL_26 = all();
    /** The 8 neighbour offsets in the axial plane (dz = 0), for force2D. */
    static final int[][] IN_PLANE_8 = java.util.Arrays.stream(ALL_26).filter(d -> d[2] == 0).toArray(int[][]::new);

    /** The neighbourhood of zones, dependences and grey tone differences: 26 in 3-D, 8 in-plane with force2D. */
    static int[][] neighbours(boolean force2D) {
        return force2D ? IN_PLANE_8 : ALL_26;
    }

    /** Whether direction k of {@link #UNIQUE_13} is used: all in 3-D, the 4 in-plane ones with force2D. */
    static boolean used(int k, boolean force2D) {
        return !force2D || UNIQUE_13[k][2] == 0;
    }

    private Directions() {
    }

    private static int[][] unique() {
        List<int[]> out = new ArrayList<>();
        for (int[] d : all()) {
            int first = d[2] != 0 ? d[2] : d[1] != 0 ? d[1] : d[0];
            if (first > 0) {
                out.add(d);
            }
        }
        return out.toArray(new int[0][]);
    }

    private static int[][] all() {
        List<int[]> out = new ArrayList<>();
        for (int dz = -1; dz <= 1; dz++) {
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    if (dx != 0 || dy != 0 || dz != 0) {
                        out.add(new int[] {dx, dy, dz});
                    }
                }
            }
        }
        return out.toArray(new int[0][]);
    }
}
