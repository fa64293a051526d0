package org.covidmtl.radiomics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** PyRadiomics {@code firstorder} (IBSI statistics and intensity histogram) of a region's values. */
final class FirstOrder {
    static final double EPS = Math.ulp(1.0);

    private FirstOrder() {
    }

    /**
     * @param values the region's intensities
     * @param d the region discretised (for Entropy and Uniformity)
     * @param shift voxelArrayShift, added in Energy, TotalEnergy and RootMeanSquared
     * @param voxelVolume mm³ per voxel
     */
    static Map<String, Double> compute(double[] values, Discretised d, double shift, double voxelVolume) {
        return compute(values, d, shift, voxelVolume, true);
    }

    /** @param medianDeviation whether to compute MedianAbsoluteDeviation (IBSI's; one more pass over the values) */
    static Map<String, Double> compute(double[] values, Discretised d, double shift, double voxelVolume, boolean medianDeviation) {
        int n = values.length;
        double[] s = values.clone();
        Arrays.parallelSort(s);
        double sum = 0;
        double energy = 0;
        for (double v : values) {
            sum += v;
            energy += (v + shift) * (v + shift);
        }
        double mean = sum / n;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        double mad = 0;
        for (double v : values) {
            double dv = v - mean;
            m2 += dv * dv;
            m3 += dv * dv * dv;
            m4 += dv * dv * dv * dv;
            mad += Math.abs(dv);
        }
        m2 /= n;
        m3 /= n;
        m4 /= n;
        double p10 = percentile(s, 10);
        double p90 = percentile(s, 90);
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("Energy", energy);
        f.put("TotalEnergy", energy * voxelVolume);
        double[] p = histogram(d, n);
        double entropy = 0;
        double uniformity = 0;
        for (double pi : p) {
            entropy -= pi * log2(pi + EPS);
            uniformity += pi * pi;
        }
        f.put("Entropy", entropy);
        f.put("Minimum", s[0]);
        f.put("10Percentile", p10);
        f.put("90Percentile", p90);
        f.put("Maximum", s[n - 1]);
        f.put("Mean", mean);
        f.put("Median", percentile(s, 50));
        f.put("InterquartileRange", percentile(s, 75) - percentile(s, 25));
        f.put("Range", s[n - 1] - s[0]);
        f.put("MeanAbsoluteDeviation", mad / n);
        f.put("RobustMeanAbsoluteDeviation", robustMad(values, p10, p90));
        f.put("RootMeanSquared", Math.sqrt(energy / n));
        f.put("StandardDeviation", Math.sqrt(m2));
        f.put("Skewness", m2 == 0 ? 0 : m3 / Math.pow(m2, 1.5));
        f.put("Kurtosis", m2 == 0 ? 0 : m4 / (m2 * m2));
        f.put("Variance", m2);
        f.put("Uniformity", uniformity);
        if (medianDeviation) {
            double median = percentile(s, 50);
            double medad = 0;
            for (double v : values) {
                medad += Math.abs(v - median);
            }
            f.put("MedianAbsoluteDeviation", medad / n);
        }
        double q1 = percentile(s, 25);
        double q3 = percentile(s, 75);
        f.put("QuartileCoefficientOfDispersion", (q3 - q1) / (q3 + q1));
        return f;
    }

    /** Fractions of the region's voxels per grey level present. */
    static double[] histogram(Discretised d, int n) {
        long[] c = new long[d.maxLevel() + 1];
        for (char l : d.levels()) {
            if (l != 0) {
                c[l]++;
            }
        }
        return Arrays.stream(c).filter(x -> x > 0).mapToDouble(x -> (double) x / n).toArray();
    }

    /** {@code numpy.percentile} with linear interpolation, of sorted values. */
    static double percentile(double[] sorted, double q) {
        double pos = (sorted.length - 1) * q / 100.0;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = pos - lo;
        return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }

    private static double robustMad(double[] values, double p10, double p90) {
        double sum = 0;
        int k = 0;
        for (double v : values) {
            if (v >= p10 && v <= p90) {
                sum += v;
                k++;
            }
        }
        double m = sum / k;
        double dev = 0;
        for (double v : values) {
            if (v >= p10 && v <= p90) {
                dev += Math.abs(v - m);
            }
        }
        return dev / k;
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
