package org.covidmtl.api.cohort;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-column min-max scaling to [0, 1], as scikit-learn's {@code MinMaxScaler}: x' = (x − min) / (max − min)
 * with the min and max of the rows it was fitted on; a constant column maps to x − min. Rows not seen at
 * fitting may fall outside [0, 1]. Immutable once fitted; a plain value class shared by the stages that
 * scale features (the cohort split, the models that scale their own inputs), so results say which rows a
 * scaler saw and every stage scales the same way.
 */
public final class MinMaxScaler {
    private final double[] min;
    private final double[] max;

    private MinMaxScaler(double[] min, double[] max) {
        this.min = min;
        this.max = max;
    }

    /**
     * Fits on the rows of all the given matrices together (at least one row, all rows the same length, no
     * NaN); {@code fit(train, validation)} is the reference's scaler fitted on both.
     */
    public static MinMaxScaler fit(double[][]... parts) {
        int rows = 0;
        for (double[][] part : parts) {
            rows += part.length;
        }
        if (rows == 0) {
            throw new IllegalArgumentException("cannot fit a scaler on no rows");
        }
        double[][] x = new double[rows][];
        int r = 0;
        for (double[][] part : parts) {
            for (double[] row : part) {
                x[r++] = row;
            }
        }
        int d = x[0].length;
        double[] lo = new double[d];
        double[] hi = new double[d];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " columns, expected " + d);
            }
            for (int j = 0; j < d; j++) {
                double v = x[i][j];
                if (Double.isNaN(v)) {
                    throw new IllegalArgumentException("row " + i + " column " + j + " is NaN");
                }
                lo[j] = Math.min(lo[j], v);
                hi[j] = Math.max(hi[j], v);
            }
        }
        return new MinMaxScaler(lo, hi);
    }

    /** Fits on the features of every study of {@code cohort}. */
    /**
     * A scaler with these column minima and maxima (as read back from a trained-model artifact).
     *
     * @throws IllegalArgumentException when the lengths differ, a value is not finite or a max is below its min
     * @since 1.2.0
     */
    public static MinMaxScaler of(double[] min, double[] max) {
        if (min.length != max.length) {
            throw new IllegalArgumentException(min.length + " minima for " + max.length + " maxima");
        }
        for (int j = 0; j < min.length; j++) {
            if (!Double.isFinite(min[j]) || !Double.isFinite(max[j]) || max[j] < min[j]) {
                throw new IllegalArgumentException("column " + j + ": min " + min[j] + ", max " + max[j]);
            }
        }
        return new MinMaxScaler(min.clone(), max.clone());
    }

    public static MinMaxScaler fit(Cohort cohort) {
        return fit(cohort.featureMatrix());
    }

    public int columns() {
        return min.length;
    }

    public double[] min() {
        return min.clone();
    }

    public double[] max() {
        return max.clone();
    }

    public double[] transform(double[] row) {
        if (row.length != min.length) {
            throw new IllegalArgumentException("row has " + row.length + " columns, scaler has " + min.length);
        }
        double[] out = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            double range = max[j] - min[j];
            out[j] = (row[j] - min[j]) / (range == 0 ? 1 : range);
        }
        return out;
    }

    public double[][] transform(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = transform(x[i]);
        }
        return out;
    }

    /** The same cohort with scaled features (labels and attributes unchanged). */
    public Cohort transform(Cohort cohort) {
        List<CaseRecord> cases = new ArrayList<>(cohort.size());
        for (CaseRecord c : cohort.cases()) {
            cases.add(new CaseRecord(c.id(), c.labels(), transform(c.features()), c.attributes()));
        }
        return new Cohort(cohort.name(), cohort.tasks(), cohort.featureNames(), cases);
    }
}
