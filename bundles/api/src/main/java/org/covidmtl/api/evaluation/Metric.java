package org.covidmtl.api.evaluation;

/**
 * One metric value with an optional confidence interval.
 *
 * @param name e.g. {@code auc}, {@code f1-weighted}
 * @param value the value
 * @param lower lower end of the 95 % interval, NaN if none
 * @param upper upper end of the 95 % interval, NaN if none
 */
public record Metric(String name, double value, double lower, double upper) {
    public static Metric of(String name, double value) {
        return new Metric(name, value, Double.NaN, Double.NaN);
    }
}
