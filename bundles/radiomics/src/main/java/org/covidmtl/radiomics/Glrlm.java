package org.covidmtl.radiomics;

import java.util.LinkedHashMap;
import java.util.Map;

/** PyRadiomics {@code glrlm}: run-length matrices in the 13 3-D directions, features averaged over directions. */
final class Glrlm {
    private Glrlm() {
    }

    /** The run-length matrix of one direction, rows by present grey level, columns by run length 1..max. */
    static double[][] matrix(Discretised d, int[] dir) {
        Roi r = d.roi();
        int[] idx = d.levelIndex();
        int[] lv = d.levels();
        int maxRun = Math.max(r.nx, Math.max(r.ny, r.nz));
        double[][] p = new double[d.grayLevels().length][maxRun];
        for (int z = 0; z < r.nz; z++) {
            for (int y = 0; y < r.ny; y++) {
                for (int x = 0; x < r.nx; x++) {
                    int a = r.index(x, y, z);
                    if (!r.inside[a]) {
                        continue;
                    }
                    int level = lv[a];
                    // start of a run: the previous voxel along the direction is not the same level in the region
                    if (d.at(x - dir[0], y - dir[1], z - dir[2]) == level) {
                        continue;
                    }
                    int len = 1;
                    while (d.at(x + len * dir[0], y + len * dir[1], z + len * dir[2]) == level) {
                        len++;
                    }
                    p[idx[level]][len - 1]++;
                }
            }
        }
        return p;
    }

    static Map<String, Double> compute(Discretised d) {
        double[] g = SizeMatrix.levels(d);
        Map<String, double[]> perAngle = new LinkedHashMap<>();
        int na = Directions.UNIQUE_13.length;
        for (int a = 0; a < na; a++) {
            double[][] p = matrix(d, Directions.UNIQUE_13[a]);
            SizeMatrix m = new SizeMatrix(p, g, SizeMatrix.sizes(p[0].length));
            int angle = a;
            features(m).forEach((k, v) -> perAngle.computeIfAbsent(k, x -> new double[na])[angle] = v);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        perAngle.forEach((k, v) -> out.put(k, Glcm.nanMean(v)));
        return out;
    }

    static Map<String, Double> features(SizeMatrix m) {
        return m.named(m.n / m.voxels, "ShortRunEmphasis", "LongRunEmphasis", "GrayLevelNonUniformity",
                "GrayLevelNonUniformityNormalized", "RunLengthNonUniformity", "RunLengthNonUniformityNormalized", "RunPercentage",
                "GrayLevelVariance", "RunVariance", "RunEntropy", "LowGrayLevelRunEmphasis", "HighGrayLevelRunEmphasis",
                "ShortRunLowGrayLevelEmphasis", "ShortRunHighGrayLevelEmphasis", "LongRunLowGrayLevelEmphasis",
                "LongRunHighGrayLevelEmphasis");
    }
}
