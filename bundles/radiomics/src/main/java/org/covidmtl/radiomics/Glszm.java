package org.covidmtl.radiomics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** PyRadiomics {@code glszm}: zones of equal grey level, 26-connected in 3-D. */
final class Glszm {
    private Glszm() {
    }

    /** The size-zone matrix: rows by present grey level, columns by zone size 1..largest. */
    static double[][] matrix(Discretised d) {
        Roi r = d.roi();
        int[] lv = d.levels();
        int[] idx = d.levelIndex();
        boolean[] seen = new boolean[lv.length];
        List<int[]> zones = new ArrayList<>(); // {level index, size}
        int[] stack = new int[Math.max(16, r.count)];
        int maxSize = 1;
        for (int start = 0; start < lv.length; start++) {
            if (!r.inside[start] || seen[start]) {
                continue;
            }
            int level = lv[start];
            int size = 0;
            int top = 0;
            stack[top++] = start;
            seen[start] = true;
            while (top > 0) {
                int a = stack[--top];
                size++;
                int x = a % r.nx;
                int y = (a / r.nx) % r.ny;
                int z = a / (r.nx * r.ny);
                for (int[] o : Directions.ALL_26) {
                    int x2 = x + o[0];
                    int y2 = y + o[1];
                    int z2 = z + o[2];
                    if (r.contains(x2, y2, z2)) {
                        int b = r.index(x2, y2, z2);
                        if (!seen[b] && lv[b] == level) {
                            seen[b] = true;
                            stack[top++] = b;
                        }
                    }
                }
            }
            zones.add(new int[] {idx[level], size});
            maxSize = Math.max(maxSize, size);
        }
        double[][] p = new double[d.grayLevels().length][maxSize];
        for (int[] z : zones) {
            p[z[0]][z[1] - 1]++;
        }
        return p;
    }

    static Map<String, Double> compute(Discretised d) {
        double[][] p = matrix(d);
        SizeMatrix m = new SizeMatrix(p, SizeMatrix.levels(d), SizeMatrix.sizes(p[0].length));
        return m.named(m.n / d.roi().count, "SmallAreaEmphasis", "LargeAreaEmphasis", "GrayLevelNonUniformity",
                "GrayLevelNonUniformityNormalized", "SizeZoneNonUniformity", "SizeZoneNonUniformityNormalized", "ZonePercentage",
                "GrayLevelVariance", "ZoneVariance", "ZoneEntropy", "LowGrayLevelZoneEmphasis", "HighGrayLevelZoneEmphasis",
                "SmallAreaLowGrayLevelEmphasis", "SmallAreaHighGrayLevelEmphasis", "LargeAreaLowGrayLevelEmphasis",
                "LargeAreaHighGrayLevelEmphasis");
    }
}
