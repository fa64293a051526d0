package org.covidmtl.radiomics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PyRadiomics {@code ngtdm} (distance 1): per grey level, the number of voxels with at least one
 * neighbour in the region and the summed |level − mean of its neighbours in the region|.
 */
final class Ngtdm {
    private Ngtdm() {
    }

    static Map<String, Double> compute(Discretised d) {
        return compute(d, false);
    }

    /** With {@code force2D}, over the 8 in-plane neighbours. */
    static Map<String, Double> compute(Discretised d, boolean force2D) {
        int[][] neighbours = Directions.neighbours(force2D);
        Roi r = d.roi();
        int[] idx = d.levelIndex();
        int ng = d.grayLevels().length;
        double[] n = new double[ng];
        double[] s = new double[ng];
        for (int z = 0; z < r.nz; z++) {
            for (int y = 0; y < r.ny; y++) {
                for (int x = 0; x < r.nx; x++) {
                    int a = r.index(x, y, z);
                    if (!r.inside[a]) {
                        continue;
                    }
                    int level = d.at(x, y, z);
                    double sum = 0;
                    int cnt = 0;
                    for (int[] o : neighbours) {
                        int l = d.at(x + o[0], y + o[1], z + o[2]);
                        if (l > 0) {
                            sum += l;
                            cnt++;
                        }
                    }
                    if (cnt > 0) {
                        n[idx[level]]++;
                        s[idx[level]] += Math.abs(level - sum / cnt);
                    }
                }
            }
        }
        return features(n, s, SizeMatrix.levels(d));
    }

    static Map<String, Double> features(double[] n, double[] s, double[] g) {
        double nvp = 0;
        double sumS = 0;
        int ngp = 0;
        for (int i = 0; i < n.length; i++) {
            nvp += n[i];
            sumS += s[i];
            ngp += n[i] > 0 ? 1 : 0;
        }
        double[] p = new double[n.length];
        double ps = 0;
        for (int i = 0; i < n.length; i++) {
            p[i] = n[i] / nvp;
            ps += p[i] * s[i];
        }
        double contrast = 0, busyDen = 0, complexity = 0, strength = 0;
        for (int i = 0; i < n.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (p[i] == 0 || p[j] == 0) {
                    continue;
                }
                double dg = g[i] - g[j];
                contrast += p[i] * p[j] * dg * dg;
                busyDen += Math.abs(g[i] * p[i] - g[j] * p[j]);
                complexity += Math.abs(dg) * (p[i] * s[i] + p[j] * s[j]) / (p[i] + p[j]);
                strength += (p[i] + p[j]) * dg * dg;
            }
        }
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("Coarseness", ps == 0 ? 1e6 : 1 / ps);
        f.put("Contrast", ngp <= 1 ? 0 : contrast / (ngp * (ngp - 1.0)) * sumS / nvp);
        f.put("Busyness", busyDen == 0 ? 0 : ps / busyDen);
        f.put("Complexity", complexity / nvp);
        f.put("Strength", sumS == 0 ? 0 : strength / sumS);
        return f;
    }
}
