package org.covidmtl.radiomics;

import java.util.Map;

/** PyRadiomics {@code gldm} (alpha 0, distance 1): dependence = 1 + neighbours of the same grey level. */
final class Gldm {
    private Gldm() {
    }

    static double[][] matrix(Discretised d) {
        Roi r = d.roi();
        int[] idx = d.levelIndex();
        double[][] p = new double[d.grayLevels().length][Directions.ALL_26.length + 1];
        for (int z = 0; z < r.nz; z++) {
            for (int y = 0; y < r.ny; y++) {
                for (int x = 0; x < r.nx; x++) {
                    int a = r.index(x, y, z);
                    if (!r.inside[a]) {
                        continue;
                    }
                    int level = d.at(x, y, z);
                    int dep = 1;
                    for (int[] o : Directions.ALL_26) {
                        if (d.at(x + o[0], y + o[1], z + o[2]) == level) {
                            dep++;
                        }
                    }
                    p[idx[level]][dep - 1]++;
                }
            }
        }
        return p;
    }

    static Map<String, Double> compute(Discretised d) {
        double[][] p = matrix(d);
        SizeMatrix m = new SizeMatrix(p, SizeMatrix.levels(d), SizeMatrix.sizes(p[0].length));
        return m.named(Double.NaN, "SmallDependenceEmphasis", "LargeDependenceEmphasis", "GrayLevelNonUniformity", null,
                "DependenceNonUniformity", "DependenceNonUniformityNormalized", null, "GrayLevelVariance", "DependenceVariance",
                "DependenceEntropy", "LowGrayLevelEmphasis", "HighGrayLevelEmphasis", "SmallDependenceLowGrayLevelEmphasis",
                "SmallDependenceHighGrayLevelEmphasis", "LargeDependenceLowGrayLevelEmphasis", "LargeDependenceHighGrayLevelEmphasis");
    }
}
