package org.covidmtl.radiomics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IBSI's intensity histogram features (IBSI chapter 1, "Intensity histogram features", tags {@code ih_*}), class
 * {@code histogram}: statistics of the region's <em>discretised</em> grey levels (the discretisation the texture classes
 * share), from the counts per level. Percentiles interpolate linearly between the sorted levels (numpy, as
 * {@link FirstOrder}); ExcessKurtosis is IBSI's (kurtosis − 3); the histogram gradient is taken over every bin 1..the
 * highest level present (empty bins included): forward difference at bin 1, central differences inside, backward
 * difference at the last bin. Mode: the most frequent level (the lowest on a tie).
 */
final class IntensityHistogram {
    static final String[] NAMES = {"Mean", "Variance", "Skewness", "ExcessKurtosis", "Median", "Minimum", "10Percentile",
            "90Percentile", "Maximum", "Mode", "InterquartileRange", "Range", "MeanAbsoluteDeviation",
            "RobustMeanAbsoluteDeviation", "MedianAbsoluteDeviation", "CoefficientOfVariation", "QuartileCoefficientOfDispersion",
            "Entropy", "Uniformity", "MaximumHistogramGradient", "MaximumHistogramGradientGrayLevel", "MinimumHistogramGradient",
            "MinimumHistogramGradientGrayLevel"};

    private IntensityHistogram() {
    }

    static Map<String, Double> compute(Discretised d) {
        int ng = d.maxLevel();
        long[] h = new long[ng + 1];
        for (char l : d.levels()) {
            if (l != 0) {
                h[l]++;
            }
        }
        long n = 0;
        double sum = 0;
        for (int i = 1; i <= ng; i++) {
            n += h[i];
            sum += (double) i * h[i];
        }
        double mean = sum / n;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        double mad = 0;
        double entropy = 0;
        double uniformity = 0;
        int mode = 0;
        for (int i = 1; i <= ng; i++) {
            if (h[i] == 0) {
                continue;
            }
            double p = (double) h[i] / n;
            double dv = i - mean;
            m2 += p * dv * dv;
            m3 += p * dv * dv * dv;
            m4 += p * dv * dv * dv * dv;
            mad += p * Math.abs(dv);
            entropy -= p * FirstOrder.log2(p);
            uniformity += p * p;
            if (h[i] > h[mode]) {
                mode = i;
            }
        }
        double median = percentile(h, n, 50);
        double p10 = percentile(h, n, 10);
        double p90 = percentile(h, n, 90);
        double q1 = percentile(h, n, 25);
        double q3 = percentile(h, n, 75);
        double medad = 0;
        double rSum = 0;
        long rN = 0;
        for (int i = 1; i <= ng; i++) {
            medad += h[i] * Math.abs(i - median);
            if (i >= p10 && i <= p90) {
                rSum += (double) i * h[i];
                rN += h[i];
            }
        }
        double rMean = rSum / rN;
        double rmad = 0;
        for (int i = 1; i <= ng; i++) {
            if (i >= p10 && i <= p90) {
                rmad += h[i] * Math.abs(i - rMean);
            }
        }
        int min = 1;
        while (h[min] == 0) {
            min++;
        }
        double maxGrad = Double.NEGATIVE_INFINITY;
        double minGrad = Double.POSITIVE_INFINITY;
        int maxGradAt = 1;
        int minGradAt = 1;
        for (int i = 1; i <= ng; i++) {
            double g = ng == 1 ? 0 : i == 1 ? h[2] - h[1] : i == ng ? h[ng] - h[ng - 1] : (h[i + 1] - h[i - 1]) / 2.0;
            if (g > maxGrad) {
                maxGrad = g;
                maxGradAt = i;
            }
            if (g < minGrad) {
                minGrad = g;
                minGradAt = i;
            }
        }
        double sd = Math.sqrt(m2);
        double[] v = {mean, m2, m2 == 0 ? 0 : m3 / Math.pow(m2, 1.5), m2 == 0 ? 0 : m4 / (m2 * m2) - 3, median, min, p10, p90, ng,
                mode, q3 - q1, ng - min, mad, rmad / rN, medad / n, sd / mean, (q3 - q1) / (q3 + q1), entropy, uniformity, maxGrad,
                maxGradAt, minGrad, minGradAt};
        Map<String, Double> f = new LinkedHashMap<>();
        for (int k = 0; k < NAMES.length; k++) {
            f.put(NAMES[k], v[k]);
        }
        return f;
    }

    /** numpy's linear percentile of the levels, from the counts per level {@code h} ({@code n} in all). */
    static double percentile(long[] h, long n, double q) {
        double pos = (n - 1) * q / 100.0;
        long lo = (long) Math.floor(pos);
        long hi = Math.min(lo + 1, n - 1);
        double a = levelAt(h, lo);
        double b = levelAt(h, hi);
        return a + (pos - lo) * (b - a);
    }

    /** The level of rank {@code r} (0-based) of the sorted levels. */
    private static int levelAt(long[] h, long r) {
        long c = 0;
        for (int i = 1; i < h.length; i++) {
            c += h[i];
            if (c > r) {
                return i;
            }
        }
        return h.length - 1;
    }
}
