package org.covidmtl.radiomics;

import java.util.Map;

/** PyRadiomics {@code glszm}: zones of equal grey level, 26-connected in 3-D. */
final class Glszm {
    private Glszm() {
    }

    /** The size-zone matrix: rows by present grey level, columns by zone size 1..largest. */
    static double[][] matrix(Discretised d) {
        return matrix(d, false);
    }

    /** As {@link #matrix(Discretised)}; with {@code force2D} zones are 8-connected within a slice. */
    static double[][] matrix(Discretised d, boolean force2D) {
        Roi r = d.roi();
        // a private copy of the levels, each voxel set to 0 once it joins a zone (no separate 'seen' array)
        char[] lv = d.levels().clone();
        int[] idx = d.levelIndex();
        int[] off = d.offsets(Directions.neighbours(force2D));
        int[] zoneLevel = new int[r.count];
        int[] zoneSize = new int[r.count];
        int zones = 0;
        int[] stack = new int[Math.max(16, r.count)];
        int maxSize = 1;
        for (int z = 0; z < r.nz; z++) {
            for (int y = 0; y < r.ny; y++) {
                int start = d.padded(0, y, z);
                for (int x = 0; x < r.nx; x++, start++) {
                    char level = lv[start];
                    if (level == 0) {
                        continue;
                    }
                    int size = 0;
                    int top = 0;
                    stack[top++] = start;
                    lv[start] = 0;
                    while (top > 0) {
                        int a = stack[--top];
                        size++;
                        for (int o : off) {
                            int b = a + o;
                            if (lv[b] == level) {
                                lv[b] = 0;
                                stack[top++] = b;
                            }
                        }
                    }
                    zoneLevel[zones] = idx[level];
                    zoneSize[zones++] = size;
                    maxSize = Math.max(maxSize, size);
                }
            }
        }
        double[][] p = new double[d.grayLevels().length][maxSize];
        for (int k = 0; k < zones; k++) {
            p[zoneLevel[k]][zoneSize[k] - 1]++;
        }
        return p;
    }

    static Map<String, Double> compute(Discretised d) {
        return compute(d, false);
    }

    static Map<String, Double> compute(Discretised d, boolean force2D) {
        double[][] p = matrix(d, force2D);
        SizeMatrix m = new SizeMatrix(p, SizeMatrix.levels(d), SizeMatrix.sizes(p[0].length));
        return m.named(m.n / d.roi().count, "SmallAreaEmphasis", "LargeAreaEmphasis", "GrayLevelNonUniformity",
                "GrayLevelNonUniformityNormalized", "SizeZoneNonUniformity", "SizeZoneNonUniformityNormalized", "ZonePercentage",
                "GrayLevelVariance", "ZoneVariance", "ZoneEntropy", "LowGrayLevelZoneEmphasis", "HighGrayLevelZoneEmphasis",
                "SmallAreaLowGrayLevelEmphasis", "SmallAreaHighGrayLevelEmphasis", "LargeAreaLowGrayLevelEmphasis",
                "LargeAreaHighGrayLevelEmphasis");
    }
}
