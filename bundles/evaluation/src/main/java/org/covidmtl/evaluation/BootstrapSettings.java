package org.covidmtl.evaluation;

/**
 * How evaluators compute 95 % confidence intervals.
 *
 * @param resamples bootstrap replicates; 0 = no intervals
 * @param seed seed of the resampling
 */
public record BootstrapSettings(int resamples, long seed) {
    public static final BootstrapSettings DEFAULT = new BootstrapSettings(1000, 11);
    public static final BootstrapSettings NONE = new BootstrapSettings(0, 0);

    public BootstrapSettings {
        if (resamples < 0) {
            throw new IllegalArgumentException("resamples must be >= 0, is " + resamples);
        }
    }

    org.covidmtl.api.evaluation.Metric metric(String name, double value, int[] truth, double[][] p,
            Bootstrap.Statistic s) {
        if (resamples == 0) {
            return org.covidmtl.api.evaluation.Metric.of(name, value);
        }
        double[] ci = Bootstrap.interval(truth, p, s, resamples, seed, 0.95);
        return new org.covidmtl.api.evaluation.Metric(name, value, ci[0], ci[1]);
    }
}
