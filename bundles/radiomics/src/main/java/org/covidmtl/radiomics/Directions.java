package org.covidmtl.radiomics;

import java.util.ArrayList;
import java.util.List;

/** The 13 unique 3-D neighbour offsets at distance 1 (one of each opposite pair), as {dx, dy, dz}. */
final class Directions {
    static final int[][] UNIQUE_13 = unique();
    /** All 26 neighbour offsets. */
    static final int[][] ALL_26 = all();

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
