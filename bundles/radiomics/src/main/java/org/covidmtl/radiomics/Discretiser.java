package org.covidmtl.radiomics;

import java.util.Arrays;

/**
 * PyRadiomics' discretisation: fixed bin width with edges from the minimum rounded down to a multiple of
 * the width ({@code numpy.arange(min - min % w, max + 2w, w)}), or fixed bin count
 * ({@code numpy.histogram} edges, last edge + 1); levels by {@code numpy.digitize}.
 */
final class Discretiser {
    private Discretiser() {
    }

    static Discretised discretise(Roi roi, double[] box, double binWidth, Integer binCount) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < box.length; i++) {
            if (roi.inside[i]) {
                min = Math.min(min, box[i]);
                max = Math.max(max, box[i]);
            }
        }
        double[] edges = binCount != null ? countEdges(min, max, binCount) : widthEdges(min, max, binWidth);
        int[] levels = new int[box.length];
        boolean[] present = new boolean[edges.length + 1];
        int maxLevel = 0;
        for (int i = 0; i < box.length; i++) {
            if (roi.inside[i]) {
                int l = digitize(box[i], edges);
                levels[i] = l;
                present[l] = true;
                maxLevel = Math.max(maxLevel, l);
            }
        }
        int n = 0;
        for (boolean p : present) {
            n += p ? 1 : 0;
        }
        int[] gray = new int[n];
        for (int l = 0, k = 0; l < present.length; l++) {
            if (present[l]) {
                gray[k++] = l;
            }
        }
        return new Discretised(roi, levels, maxLevel, gray, edges);
    }

    static double[] widthEdges(double min, double max, double w) {
        double low = min - pythonMod(min, w);
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
