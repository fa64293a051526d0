package org.covidmtl.models.features;

/**
 * Per-column min–max scaling to [0, 1] (scikit-learn's MinMaxScaler: a constant column maps to 0).
 * Values outside the fitted range map outside [0, 1], as in scikit-learn.
 */
public final class MinMaxScaler {
    private final double[] min;
    private final double[] scale;

    private MinMaxScaler(double[] min, double[] scale) {
        this.min = min;
        this.scale = scale;
    }

    /** Fits on the rows of all given matrices together. */
    public static MinMaxScaler fit(double[][]... parts) {
        int d = -1;
        double[] lo = null;
        double[] hi = null;
        for (double[][] x : parts) {
            for (double[] row : x) {
                if (lo == null) {
                    d = row.length;
                    lo = row.clone();
                    hi = row.clone();
                }
                for (int j = 0; j < d; j++) {
                    lo[j] = Math.min(lo[j], row[j]);
                    hi[j] = Math.max(hi[j], row[j]);
                }
            }
        }
        if (lo == null) {
            throw new IllegalArgumentException("no rows to fit a scaler on");
        }
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double range = hi[j] - lo[j];
            scale[j] = range > 0 ? 1.0 / range : 1.0;
        }
        return new MinMaxScaler(lo, scale);
    }

    public double[][] transform(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != min.length) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " columns, scaler " + min.length);
            }
            out[i] = new double[min.length];
            for (int j = 0; j < min.length; j++) {
                out[i][j] = (x[i][j] - min[j]) * scale[j];
            }
        }
        return out;
    }
}
