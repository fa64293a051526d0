package org.covidmtl.radiomics;

import java.util.LinkedHashMap;
import java.util.Map;

/** PyRadiomics {@code glrlm}: run-length matrices in the 13 3-D directions, features averaged over directions. */
final class Glrlm {
    private Glrlm() {
    }

    /** The run-length matrices of the 13 directions, rows by present grey level, columns by run length 1..max. */
    static double[][][] matrices(Discretised d) {
        Roi r = d.roi();
        int ng = d.grayLevels().length;
        int maxRun = Math.max(r.nx, Math.max(r.ny, r.nz));
        int nd = Directions.UNIQUE_13.length;
        int[] c = DirectionCounts.runs(d, maxRun);
        double[][][] out = new double[nd][ng][maxRun];
        for (int j = 0, at = 0; j < maxRun; j++) {
            for (int i = 0; i < ng; i++) {
                for (int k = 0; k < nd; k++) {
                    out[k][i][j] = c[at++];
                }
            }
        }
        return out;
    }

    static Map<String, Double> compute(Discretised d) {
        return compute(d, false);
    }

    /** Features averaged over the 13 directions, or over the 4 in-plane ones with {@code force2D}. */
    static Map<String, Double> compute(Discretised d, boolean force2D) {
        return compute(d, force2D, false);
    }

    /** With {@code merge}, the features of the used directions' matrices summed (IBSI's merged aggregation). */
    static Map<String, Double> compute(Discretised d, boolean force2D, boolean merge) {
        double[] g = SizeMatrix.levels(d);
        Map<String, double[]> perAngle = new LinkedHashMap<>();
        double[][][] all = matrices(d);
        double[][][] ps = java.util.stream.IntStream.range(0, all.length).filter(k -> Directions.used(k, force2D))
                .mapToObj(k -> all[k]).toArray(double[][][]::new);
        if (merge) {
            double[][] sum = new double[ps[0].length][ps[0][0].length];
            for (double[][] p : ps) {
                for (int i = 0; i < sum.length; i++) {
                    for (int j = 0; j < sum[i].length; j++) {
                        sum[i][j] += p[i][j];
                    }
                }
            }
            ps = new double[][][] {sum};
        }
        int na = ps.length;
        for (int a = 0; a < na; a++) {
            double[][] p = ps[a];
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
