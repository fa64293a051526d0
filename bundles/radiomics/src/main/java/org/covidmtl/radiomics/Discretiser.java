package org.covidmtl.radiomics;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.covidmtl.api.features.InvalidSettingException;

/**
 * PyRadiomics' discretisation: fixed bin width with edges from the minimum rounded down to a multiple of
 * the width ({@code numpy.arange(min - min % w, max + 2w, w)}), or fixed bin count
 * ({@code numpy.histogram} edges, last edge + 1); levels by {@code numpy.digitize}.
 */
final class Discretiser {
    private Discretiser() {
    }

    /**
     * Discretises the region's values ({@code values}, box order as {@link Roi#regionValues}).
     *
     * @param reuse a levels array of an earlier discretisation of the same region, or null
     */
    static Discretised discretise(Roi roi, double[] values, double binWidth, Integer binCount, char[] reuse) {
        return discretise(roi, values, binWidth, binCount, null, reuse);
    }

    /**
     * @param lowerBound with a bin width, the lower edge of the first bin (IBSI: the re-segmentation range's
     *        minimum), or null for PyRadiomics' {@code min − min mod w}
     */
    static Discretised discretise(Roi roi, double[] values, double binWidth, Integer binCount, Double lowerBound, char[] reuse) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (binCount == null && lowerBound != null && min < lowerBound) {
            throw new InvalidSettingException("binLowerBound", lowerBound + " is above the region's minimum " + min
                    + " (re-segment the region to a range starting at the bound)");
        }
        double[] edges = binCount != null ? countEdges(min, max, binCount)
                : lowerBound != null ? widthEdges(lowerBound, max, binWidth, lowerBound) : widthEdges(min, max, binWidth);
        if (edges.length > Character.MAX_VALUE) {
            throw new InvalidSettingException(binCount != null ? "binCount" : "binWidth",
                    "gives " + edges.length + " grey levels, more than " + (int) Character.MAX_VALUE);
        }
        double low = edges[0];
        double step = edges.length > 1 ? edges[1] - edges[0] : 1;
        int len = Discretised.paddedLength(roi);
        char[] levels = reuse != null && reuse.length == len ? reuse : new char[len];
        boolean[] present = new boolean[edges.length + 1];
        int px = roi.nx + 2;
        int py = roi.ny + 2;
        IntStream.range(0, roi.nz).parallel().forEach(z -> {
            int k = roi.sliceStarts[z];
            for (int y = 0; y < roi.ny; y++) {
                int b = roi.nx * (y + roi.ny * z);
                int p = 1 + px * ((y + 1) + py * (z + 1));
                for (int x = 0; x < roi.nx; x++) {
                    if (roi.inside[b + x]) {
                        int l = digitize(values[k++], edges, low, step);
                        levels[p + x] = (char) l;
                        present[l] = true; // racy writes of true only; visible after the stream's join
                    }
                }
            }
        });
        int maxLevel = 0;
        for (int l = 0; l < present.length; l++) {
            if (present[l]) {
                maxLevel = l;
            }
        }
        int n = 0;
        for (boolean p : present) {
            n += p ? 1 : 0;
        }
        int[] gray = new int[n];
        for (int l = 0, j = 0; l < present.length; l++) {
            if (present[l]) {
                gray[j++] = l;
            }
        }
        return new Discretised(roi, levels, maxLevel, gray, edges);
    }

    static double[] widthEdges(double min, double max, double w) {
        return widthEdges(min, max, w, min - pythonMod(min, w));
    }

    /** Edges {@code low + i·w} up to past {@code max + w} (PyRadiomics' {@code arange(low, max + 2w, w)}). */
    static double[] widthEdges(double min, double max, double w, double low) {
        double high = max + 2 * w;
        int n = (int) Math.ceil((high - low) / w);
        if (n <= 1) {
            return new double[] {low - 0.5, low + 0.5};
        }
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = low + i * w;
        }
        return e;
    }

    static double[] countEdges(double min, double max, int bins) {
        double first = min;
        double last = max;
        if (first == last) {
            first -= 0.5;
            last += 0.5;
        }
        double[] e = new double[bins + 1];
        double step = (last - first) / bins;
        for (int i = 0; i < bins; i++) {
            e[i] = first + i * step;
        }
        e[bins] = last + 1;
        return e;
    }

    /**
     * {@link #digitize(double, double[])} for edges about {@code step} apart from {@code low}: a guess from the
     * spacing, corrected against the edges themselves (so exact for any increasing edges).
     */
    static int digitize(double x, double[] edges, double low, double step) {
        double guess = Math.floor((x - low) / step);
        if (!(guess >= 0 && guess < edges.length)) {
            return digitize(x, edges);
        }
        int i = (int) guess; // candidate for the last edge <= x
        while (i >= 0 && edges[i] > x) {
            i--;
        }
        while (i + 1 < edges.length && edges[i + 1] <= x) {
            i++;
        }
        return i + 1;
    }

    /** {@code numpy.digitize(x, edges)} for increasing edges: the number of edges ≤ x. */
    static int digitize(double x, double[] edges) {
        int pos = Arrays.binarySearch(edges, x);
        if (pos >= 0) {
            while (pos + 1 < edges.length && edges[pos + 1] == x) {
                pos++;
            }
            return pos + 1;
        }
        return -pos - 1;
    }

    /** Python's float {@code a % b}: the result has the sign of {@code b}. */
    static double pythonMod(double a, double b) {
        double r = a % b;
        return r != 0 && (r < 0) != (b < 0) ? r + b : r;
    }
}
