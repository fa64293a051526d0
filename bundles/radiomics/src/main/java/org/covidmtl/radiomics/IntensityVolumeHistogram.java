package org.covidmtl.radiomics;

import java.util.LinkedHashMap;
import java.util.Map;

import org.covidmtl.api.features.InvalidSettingException;

/**
 * IBSI's intensity-volume histogram features (IBSI chapter 1, "Intensity-volume histogram features", tags
 * {@code ivh_*}), class {@code ivh}. The intensities are taken on a grid of step {@code w} from {@code lo} to {@code hi}:
 * <ul>
 * <li>without an IVH bin width (IBSI's "calibrated, discrete" case, its configurations A and B, and the digital phantom):
 * the intensities as they are (they must be integers), step 1;</li>
 * <li>with {@code ivhBinWidth} w (IBSI's "calibrated, continuous" case, configuration C: 2.5 HU): each intensity
 * replaced by the centre of its bin {@code [lo + k·w, lo + (k+1)·w)}, the bins starting at the re-segmentation
 * minimum.</li>
 * <li>with {@code ivhBinCount} n (IBSI's "arbitrary intensity units" case, configuration E: 1000 bins): the region
 * discretised into n bins of equal width between its minimum and maximum (IBSI's fixed bin number, bin
 * {@code floor(n·(x − min)/(max − min)) + 1}, the maximum in bin n), the bin numbers then taken as integer intensities
 * from {@code lo} = 1 to {@code hi} = n (the re-segmentation range is not used).</li>
 * </ul>
 * Otherwise {@code lo} and {@code hi} are the re-segmentation range if set (calibrated intensities), else the region's
 * minimum and maximum (for a bin width, the centres of their bins). The fractional volume of grid intensity i is
 * {@code ν(i)} = the fraction of voxels with intensity ≥ i, its intensity fraction {@code γ(i) = (i − lo)/(hi − lo)}.
 * VolumeAtIntensityFraction<i>x</i> = ν of the lowest grid intensity with γ ≥ x/100; IntensityAtVolumeFraction<i>x</i>
 * = the lowest grid intensity with ν ≤ x/100; the differences are those at 10 and 90 %.
 */
final class IntensityVolumeHistogram {
    static final String[] NAMES = {"VolumeAtIntensityFraction10", "VolumeAtIntensityFraction90", "IntensityAtVolumeFraction10",
            "IntensityAtVolumeFraction90", "VolumeFractionDifference10To90", "IntensityFractionDifference10To90"};

    private IntensityVolumeHistogram() {
    }

    /**
     * @param values the region's intensities
     * @param binWidth the IVH bin width, or null for the discrete case
     * @param binCount the IVH bin count (arbitrary units), or null
     * @param range the re-segmentation range [min, max] in intensities (empty: none)
     */
    static Map<String, Double> compute(double[] values, Double binWidth, Integer binCount, java.util.List<Double> range) {
        if (binCount != null) {
            return compute(binNumbers(values, binCount), null, null, java.util.List.of(1.0, (double) binCount));
        }
        int n = values.length;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        boolean calibrated = range.size() == 2;
        double lo;
        double hi;
        double step;
        long[] counts;
        if (binWidth == null) {
            for (double v : values) {
                if (v != Math.rint(v)) {
                    throw new InvalidSettingException("ivhBinWidth", "the intensity-volume histogram without a bin width needs"
                            + " integer intensities (IBSI's discrete case), found " + v + "; set ivhBinWidth or roundIntensities");
                }
            }
            step = 1;
            lo = calibrated ? Math.ceil(range.get(0)) : min;
            hi = calibrated ? Math.floor(range.get(1)) : max;
            counts = new long[(int) (hi - lo) + 1];
            for (double v : values) {
                counts[(int) (v - lo)]++;
            }
        } else {
            step = binWidth;
            double first = calibrated ? range.get(0) : min;
            double top = calibrated ? range.get(1) : max;
            int bins = (int) Math.floor((top - first) / step) + 1;
            lo = first + 0.5 * step;
            hi = first + (bins - 0.5) * step;
            counts = new long[bins];
            for (double v : values) {
                counts[Math.min(bins - 1, (int) Math.floor((v - first) / step))]++;
            }
        }
        int ng = counts.length;
        // atLeast[j] = voxels with (grid) intensity >= lo + j·step
        long[] atLeast = new long[ng + 1];
        for (int j = ng - 1; j >= 0; j--) {
            atLeast[j] = atLeast[j + 1] + counts[j];
        }
        double v10 = volumeAt(atLeast, n, 0.10, ng);
        double v90 = volumeAt(atLeast, n, 0.90, ng);
        double i10 = lo + step * intensityIndex(atLeast, n, 0.10);
        double i90 = lo + step * intensityIndex(atLeast, n, 0.90);
        double[] v = {v10, v90, i10, i90, v10 - v90, i10 - i90};
        Map<String, Double> f = new LinkedHashMap<>();
        for (int k = 0; k < NAMES.length; k++) {
            f.put(NAMES[k], hi > lo || k == 2 || k == 3 || k == 5 ? v[k] : Double.NaN); // γ needs hi > lo
        }
        return f;
    }

    /** IBSI's fixed bin number discretisation of the values into {@code n} bins: 1 … n. */
    static double[] binNumbers(double[] values, int n) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = max > min ? Math.min(n, Math.floor(n * (values[i] - min) / (max - min)) + 1) : 1;
        }
        return d;
    }

    /** ν at the lowest grid index j with γ = j/(ng − 1) ≥ x. */
    private static double volumeAt(long[] atLeast, int n, double x, int ng) {
        int j = (int) Math.ceil(x * (ng - 1) - 1e-9);
        return (double) atLeast[Math.max(0, Math.min(j, ng - 1))] / n;
    }

    /** The lowest grid index j with ν ≤ x. */
    private static int intensityIndex(long[] atLeast, int n, double x) {
        for (int j = 0; j < atLeast.length; j++) {
            if (atLeast[j] <= x * n) {
                return j;
            }
        }
        return atLeast.length - 1;
    }
}
