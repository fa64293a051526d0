package org.covidmtl.radiomics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyRadiomics {@code glcm}: one symmetrical co-occurrence matrix per direction (13 in 3-D, distance 1),
 * over the grey levels present; features per matrix, averaged over the directions with co-occurrences.
 */
final class Glcm {
    private static final double EPS = FirstOrder.EPS;

    private Glcm() {
    }

    /** Normalised symmetrical matrices, one per direction that has co-occurrences, indexed by present level. */
    static List<double[][]> matrices(Discretised d) {
        return matrices(d, false);
    }

    /** As {@link #matrices(Discretised)}, of the in-plane directions only with {@code force2D}. */
    static List<double[][]> matrices(Discretised d, boolean force2D) {
        return matrices(d, force2D, false);
    }

    /** With {@code merge}, one matrix: the counts of the used directions summed (IBSI's merged aggregation). */
    static List<double[][]> matrices(Discretised d, boolean force2D, boolean merge) {
        int ng = d.grayLevels().length;
        List<double[][]> out = new ArrayList<>();
        int[][] counts = DirectionCounts.cooccurrences(d);
        if (merge) {
            int[] sum = new int[ng * ng];
            for (int k = 0; k < counts.length; k++) {
                if (Directions.used(k, force2D)) {
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] += counts[k][i];
                    }
                }
            }
            counts = new int[][] {sum};
        }
        for (int k = 0; k < counts.length; k++) {
            if (!merge && !Directions.used(k, force2D)) {
                continue;
            }
            int[] c = counts[k];
            double[][] p = new double[ng][ng];
            for (int i = 0; i < ng; i++) {
                for (int j = 0; j < ng; j++) {
                    p[i][j] = c[i * ng + j];
                }
            }
            double total = 0;
            for (int i = 0; i < ng; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = p[i][j] + p[j][i];
                    p[i][j] = s;
                    p[j][i] = s;
                    total += i == j ? s : 2 * s;
                }
            }
            if (total > 0) {
                for (double[] row : p) {
                    for (int j = 0; j < ng; j++) {
                        row[j] /= total;
                    }
                }
                out.add(p);
            }
        }
        return out;
    }

    static Map<String, Double> compute(Discretised d, boolean withMcc) {
        return compute(d, withMcc, false);
    }

    static Map<String, Double> compute(Discretised d, boolean withMcc, boolean force2D) {
        return compute(d, withMcc, force2D, false);
    }

    static Map<String, Double> compute(Discretised d, boolean withMcc, boolean force2D, boolean merge) {
        List<double[][]> ms = matrices(d, force2D, merge);
        double[] g = new double[d.grayLevels().length];
        for (int k = 0; k < g.length; k++) {
            g[k] = d.grayLevels()[k];
        }
        Map<String, double[]> perAngle = new LinkedHashMap<>();
        for (int a = 0; a < ms.size(); a++) {
            Map<String, Double> f = features(ms.get(a), g, d.maxLevel(), withMcc);
            int angle = a;
            f.forEach((k, v) -> perAngle.computeIfAbsent(k, x -> new double[ms.size()])[angle] = v);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        perAngle.forEach((k, v) -> out.put(k, nanMean(v)));
        return out;
    }

    static double nanMean(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** The features of one normalised matrix {@code p} over grey levels {@code g}; {@code ngMax} is the highest level. */
    static Map<String, Double> features(double[][] p, double[] g, int ngMax, boolean withMcc) {
        int n = g.length;
        double[] px = new double[n];
        double ux = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                px[i] += p[i][j];
                ux += g[i] * p[i][j];
            }
        }
        double[] py = px; // symmetrical
        double uy = ux;
        double varx = 0;
        double corm = 0;
        double auto = 0;
        double cp = 0;
        double cs = 0;
        double ct = 0;
        double contrast = 0;
        double energy = 0;
        double hxy = 0;
        double hxy1 = 0;
        double hxy2 = 0;
        double maxP = 0;
        int diffLen = ngMax;
        double[] pSum = new double[2 * ngMax + 1];
        double[] pDiff = new double[diffLen];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = p[i][j];
                double gi = g[i];
                double gj = g[j];
                varx += v * (gi - ux) * (gi - ux);
                corm += v * (gi - ux) * (gj - uy);
                auto += v * gi * gj;
                double c = gi + gj - ux - uy;
                cp += v * c * c * c * c;
                cs += v * c * c * c;
                ct += v * c * c;
                contrast += v * (gi - gj) * (gi - gj);
                energy += v * v;
                hxy -= v * FirstOrder.log2(v + EPS);
                double pp = px[i] * py[j];
                hxy1 -= v * FirstOrder.log2(pp + EPS);
                hxy2 -= pp * FirstOrder.log2(pp + EPS);
                maxP = Math.max(maxP, v);
                pSum[(int) (gi + gj)] += v;
                pDiff[(int) Math.abs(gi - gj)] += v;
            }
        }
        double sig = Math.sqrt(varx);
        double hx = 0;
        for (double v : px) {
            hx -= v * FirstOrder.log2(v + EPS);
        }
        double da = 0;
        double de = 0;
        double id = 0;
        double idn = 0;
        double idm = 0;
        double idmn = 0;
        double iv = 0;
        for (int k = 0; k < diffLen; k++) {
            double v = pDiff[k];
            da += k * v;
            de -= v * FirstOrder.log2(v + EPS);
            id += v / (1 + k);
            idn += v / (1 + (double) k / ngMax);
            idm += v / (1 + (double) k * k);
            idmn += v / (1 + (double) k * k / ((double) ngMax * ngMax));
            if (k > 0) {
                iv += v / ((double) k * k);
            }
        }
        double dv = 0;
        for (int k = 0; k < diffLen; k++) {
            dv += (k - da) * (k - da) * pDiff[k];
        }
        double sa = 0;
        double se = 0;
        for (int k = 2; k < pSum.length; k++) {
            sa += k * pSum[k];
            se -= pSum[k] * FirstOrder.log2(pSum[k] + EPS);
        }
        double sv = 0;
        for (int k = 2; k < pSum.length; k++) {
            sv += (k - sa) * (k - sa) * pSum[k];
        }
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("Autocorrelation", auto);
        f.put("JointAverage", ux);
        f.put("ClusterProminence", cp);
        f.put("ClusterShade", cs);
        f.put("ClusterTendency", ct);
        f.put("Contrast", contrast);
        f.put("Correlation", sig * sig == 0 ? 1 : corm / (sig * sig));
        f.put("DifferenceAverage", da);
        f.put("DifferenceEntropy", de);
        f.put("DifferenceVariance", dv);
        f.put("JointEnergy", energy);
        f.put("JointEntropy", hxy);
        f.put("Imc1", hx != 0 ? (hxy - hxy1) / hx : hxy - hxy1);
        double imc2 = 1 - Math.exp(-2 * (hxy2 - hxy));
        f.put("Imc2", imc2 < 0 ? Double.NaN : Math.sqrt(imc2));
        f.put("Idm", idm);
        if (withMcc) {
            f.put("MCC", mcc(p, px));
        }
        f.put("Idmn", idmn);
        f.put("Id", id);
        f.put("Idn", idn);
        f.put("InverseVariance", iv);
        f.put("MaximumProbability", maxP);
        f.put("SumAverage", sa);
        f.put("SumEntropy", se);
        f.put("SumVariance", sv);
        f.put("SumSquares", varx);
        return f;
    }

    /**
     * Maximal correlation coefficient: √ of the second largest eigenvalue of
     * {@code Q(i,k) = Σ_j p(i,j) p(k,j) / (px(i) py(j))}, computed on the similar symmetric matrix.
     */
    static double mcc(double[][] p, double[] px) {
        int n = px.length;
        if (n < 2) {
            return 1;
        }
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = i; k < n; k++) {
                double v = 0;
                if (px[i] > 0 && px[k] > 0) {
                    for (int j = 0; j < n; j++) {
                        if (px[j] > 0) {
                            v += p[i][j] * p[k][j] / px[j];
                        }
                    }
                    v /= Math.sqrt(px[i] * px[k]);
                }
                s[i][k] = v;
                s[k][i] = v;
            }
        }
        double[] ev = SymmetricEigen.eigenvalues(s);
        java.util.Arrays.sort(ev);
        return Math.sqrt(Math.max(0, ev[n - 2]));
    }
}
