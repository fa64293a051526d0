package org.covidmtl.radiomics;

import java.util.Map;

/** PyRadiomics {@code gldm} (alpha 0, distance 1): dependence = 1 + neighbours of the same grey level. */
final class Gldm {
    private Gldm() {
    }

    static double[][] matrix(Discretised d) {
        return matrix(d, false);
    }

    /** As {@link #matrix(Discretised)}; with {@code force2D} over the 8 in-plane neighbours. */
    static double[][] matrix(Discretised d, boolean force2D) {
        Roi r = d.roi();
        int[] idx = d.levelIndex();
        int[][] neighbours = Directions.neighbours(force2D);
        double[][] p = new double[d.grayLevels().length][neighbours.length + 1];
        for (int z = 0; z < r.nz; z++) {
            for (int y = 0; y < r.ny; y++) {
                for (int x = 0; x < r.nx; x++) {
                    int a = r.index(x, y, z);
                    if (!r.inside[a]) {
                        continue;
                    }
                    int level = d.at(x, y, z);
                    int dep = 1;
                    for (int[] o : neighbours) {
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
        return compute(d, false);
    }

    static Map<String, Double> compute(Discretised d, boolean force2D) {
        double[][] p = matrix(d, force2D);
        SizeMatrix m = new SizeMatrix(p, SizeMatrix.levels(d), SizeMatrix.sizes(p[0].length));
        // IBSI's dependence count percentage: every voxel has a dependence count (alpha 0, no complete neighbourhood
        // required), so N_s / N_v, the matrix's count over the region's voxels (1 unless the region is empty)
        Map<String, Double> f = m.named(m.n / d.roi().count, "SmallDependenceEmphasis", "LargeDependenceEmphasis",
                "GrayLevelNonUniformity", "GrayLevelNonUniformityNormalized", "DependenceNonUniformity",
                "DependenceNonUniformityNormalized", "DependencePercentage", "GrayLevelVariance", "DependenceVariance",
                "DependenceEntropy", "LowGrayLevelEmphasis", "HighGrayLevelEmphasis", "SmallDependenceLowGrayLevelEmphasis",
                "SmallDependenceHighGrayLevelEmphasis", "LargeDependenceLowGrayLevelEmphasis", "LargeDependenceHighGrayLevelEmphasis");
        f.put("DependenceEnergy", m.energy);
        return f;
    }
}
