package org.covidmtl.evaluation.features;

import org.apache.commons.math3.special.Beta;

/**
 * Welch's one-way ANOVA (Welch 1951) for groups with unequal variances.
 * <p>
 * With group sizes nᵢ, means mᵢ, sample variances sᵢ², weights wᵢ = nᵢ/sᵢ², W = Σwᵢ, m = Σwᵢmᵢ/W,
 * Λ = Σ(1 − wᵢ/W)²/(nᵢ − 1): F = [Σwᵢ(mᵢ − m)²/(k − 1)] / [1 + 2(k − 2)Λ/(k² − 1)], df₁ = k − 1,
 * df₂ = (k² − 1)/(3Λ); p = P(F(df₁, df₂) &gt; F), from the regularized incomplete beta function so that small
 * p-values do not round to 0.
 */
public final class WelchAnova {

    /**
     * @param f Welch's F
     * @param df1 numerator degrees of freedom
     * @param df2 denominator degrees of freedom (fractional)
     * @param p upper-tail p-value
     * @param means group means
     * @param sizes group sizes
     */
    public record Result(double f, double df1, double df2, double p, double[] means, int[] sizes) {
    }

    private WelchAnova() {
    }

    /** Groups as arrays; each needs at least 2 values. NaN statistics when a group has zero variance. */
    public static Result test(double[]... groups) {
        int k = groups.length;
        if (k < 2) {
            throw new IllegalArgumentException("Welch's ANOVA needs at least 2 groups");
        }
        double[] mean = new double[k];
        double[] var = new double[k];
        int[] n = new int[k];
        for (int i = 0; i < k; i++) {
            n[i] = groups[i].length;
            if (n[i] < 2) {
                throw new IllegalArgumentException("group " + i + " has " + n[i] + " values, needs 2");
            }
            double s = 0;
            for (double v : groups[i]) {
                s += v;
            }
            mean[i] = s / n[i];
            double ss = 0;
            for (double v : groups[i]) {
                ss += (v - mean[i]) * (v - mean[i]);
            }
            var[i] = ss / (n[i] - 1);
        }
        for (double v : var) {
            if (v == 0) {
                return new Result(Double.NaN, k - 1, Double.NaN, Double.NaN, mean, n);
            }
        }
        double[] w = new double[k];
        double sw = 0;
        double swm = 0;
        for (int i = 0; i < k; i++) {
            w[i] = n[i] / var[i];
            sw += w[i];
            swm += w[i] * mean[i];
        }
        double grand = swm / sw;
        double a = 0;
        double lambda = 0;
        for (int i = 0; i < k; i++) {
            a += w[i] * (mean[i] - grand) * (mean[i] - grand);
            double r = 1 - w[i] / sw;
            lambda += r * r / (n[i] - 1);
        }
        a /= (k - 1);
        double b = 1 + 2.0 * (k - 2) * lambda / ((double) k * k - 1);
        double f = a / b;
        double df1 = k - 1;
        double df2 = ((double) k * k - 1) / (3 * lambda);
        double p = upperTail(f, df1, df2);
        return new Result(f, df1, df2, p, mean, n);
    }

    /** P(F(df1, df2) &gt; f) = I_{df2/(df2 + df1·f)}(df2/2, df1/2). */
    public static double upperTail(double f, double df1, double df2) {
        if (f <= 0) {
            return 1;
        }
        return Beta.regularizedBeta(df2 / (df2 + df1 * f), df2 / 2, df1 / 2, 1e-16, 10_000);
    }
}
