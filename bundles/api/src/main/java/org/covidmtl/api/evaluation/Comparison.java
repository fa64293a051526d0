package org.covidmtl.api.evaluation;

/**
 * The outcome of comparing two models on one metric.
 *
 * @param name what was compared, e.g. {@code auc} or {@code auc[class=2]}
 * @param valueA model A's value
 * @param valueB model B's value
 * @param statistic the test statistic (e.g. DeLong's z)
 * @param pValue two-sided p-value of "no difference"
 */
public record Comparison(String name, double valueA, double valueB, double statistic, double pValue) {
}
