package org.covidmtl.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.evaluation.Comparison;
import org.junit.jupiter.api.Test;

class DeLongTest {

    @Test
    void handComputedExample() {
        // positives X, negatives Y. A: X = (.9, .4), Y = (.6, .1); B: X = (.3, .8), Y = (.5, .2).
        // psi(x, y) = 1 if x > y. A: V10 = (1, .5), V01 = (.5, 1); B: V10 = (.5, 1), V01 = (.5, 1).
        // S10: var .125, .125, cov -.125; S01: var .125, .125, cov .125 (denominators m-1 = n-1 = 1).
        // Var A = .125/2 + .125/2 = .125; Cov = -.125/2 + .125/2 = 0; both AUCs .75 -> z = 0, p = 1.
        boolean[] pos = { true, true, false, false };
        DeLong.Result r = DeLong.test(pos, new double[] { .9, .4, .6, .1 }, new double[] { .3, .8, .5, .2 });
        assertThat(r.aucA()).isEqualTo(0.75);
        assertThat(r.aucB()).isEqualTo(0.75);
        assertThat(r.varA()).isCloseTo(0.125, within(1e-12));
        assertThat(r.varB()).isCloseTo(0.125, within(1e-12));
        assertThat(r.covariance()).isCloseTo(0.0, within(1e-12));
        assertThat(r.z()).isEqualTo(0.0);
        assertThat(r.p()).isCloseTo(1.0, within(1e-12));
    }

    /** DeLong's estimator from its definition: O(m·n) placement values, sample covariances. */
    static double[] definitional(boolean[] pos, double[] a, double[] b) {
        int m = 0;
        for (boolean x : pos) {
            m += x ? 1 : 0;
        }
        int n = pos.length - m;
        double[][] v10 = new double[2][m];
        double[][] v01 = new double[2][n];
        double[][] s = { a, b };
        for (int k = 0; k < 2; k++) {
            int i = 0;
            for (int p = 0; p < pos.length; p++) {
                if (!pos[p]) {
                    continue;
                }
                int j = 0;
                for (int q = 0; q < pos.length; q++) {
                    if (pos[q]) {
                        continue;
                    }
                    double psi = s[k][p] > s[k][q] ? 1 : s[k][p] == s[k][q] ? 0.5 : 0;
                    v10[k][i] += psi / n;
                    v01[k][j] += psi / m;
                    j++;
                }
                i++;
            }
        }
        double auc0 = mean(v10[0]);
        double auc1 = mean(v10[1]);
        double var = (cov(v10[0], v10[0]) + cov(v10[1], v10[1]) - 2 * cov(v10[0], v10[1])) / m
                + (cov(v01[0], v01[0]) + cov(v01[1], v01[1]) - 2 * cov(v01[0], v01[1])) / n;
        return new double[] { auc0, auc1, (auc0 - auc1) / Math.sqrt(var) };
    }

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    static double cov(double[] a, double[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - ma) * (b[i] - mb);
        }
        return s / (a.length - 1);
    }

    @Test
    void midrankAlgorithmEqualsDefinitionWithTies() {
        Random r = new Random(5);
        for (int rep = 0; rep < 10; rep++) {
            int n = 60 + r.nextInt(200);
            boolean[] pos = new boolean[n];
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                pos[i] = r.nextBoolean();
                double signal = pos[i] ? 1 : 0;
                double shared = r.nextGaussian();
                a[i] = Math.round((signal + shared + 0.5 * r.nextGaussian()) * 4) / 4.0;
                b[i] = Math.round((0.6 * signal + shared + 0.7 * r.nextGaussian()) * 4) / 4.0;
            }
            DeLong.Result res = DeLong.test(pos, a, b);
            double[] d = definitional(pos, a, b);
            assertThat(res.aucA()).isCloseTo(d[0], within(1e-12));
            assertThat(res.aucB()).isCloseTo(d[1], within(1e-12));
            assertThat(res.z()).isCloseTo(d[2], within(1e-9));
            // two-sided normal p-value: Φ(−|z|)·2, checked at z = 1.959964 -> 0.05 elsewhere
            assertThat(res.p()).isBetween(0.0, 1.0);
        }
        // z = 1.959964 gives p = 0.05: check the p-value mapping through a constructed ratio
        assertThat(2 * new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(-1.959964))
                .isCloseTo(0.05, within(1e-6));
    }

    @Test
    void clearlyBetterModelIsSignificantAndComparatorCoversEveryClass() {
        Random r = new Random(9);
        int n = 400;
        int[] truth = new int[n];
        double[][] good = new double[n][3];
        double[][] weak = new double[n][3];
        for (int i = 0; i < n; i++) {
            truth[i] = r.nextInt(3);
            for (int k = 0; k < 3; k++) {
                good[i][k] = Math.exp((truth[i] == k ? 2.0 : 0) + r.nextGaussian());
                weak[i][k] = Math.exp((truth[i] == k ? 0.3 : 0) + r.nextGaussian());
            }
            normalise(good[i]);
            normalise(weak[i]);
        }
        List<Comparison> c = Evaluators.delong().compare(Task.SEVERITY, truth, good, weak);
        assertThat(c).extracting(Comparison::name).containsExactly("auc[class=0]", "auc[class=1]", "auc[class=2]",
                "auc[macro]");
        for (Comparison x : c) {
            assertThat(x.valueA()).isGreaterThan(x.valueB());
            assertThat(x.pValue()).isLessThan(1e-6);
        }
        assertThat(c.get(3).valueA()).isCloseTo(Auc.exactTask(truth, good), within(1e-12));
        assertThat(c.get(3).valueB()).isCloseTo(Auc.exactTask(truth, weak), within(1e-12));
        List<Comparison> same = Evaluators.delong().compare(Task.SEVERITY, truth, good, good);
        assertThat(same.get(0).pValue()).isEqualTo(1.0);
        assertThat(same.get(3).pValue()).isEqualTo(1.0);
    }

    /** One class against the rest twice (a binary task as two columns): the macro test is DeLong's test. */
    @Test
    void macroTestOfABinaryTaskIsDeLongsTest() {
        Random r = new Random(4);
        int n = 300;
        int[] truth = new int[n];
        double[][] a = new double[n][2];
        double[][] b = new double[n][2];
        for (int i = 0; i < n; i++) {
            truth[i] = r.nextInt(2);
            double x = truth[i] + r.nextGaussian();
            double y = 0.6 * x + 0.3 * truth[i] + r.nextGaussian();
            a[i][1] = 1 / (1 + Math.exp(-x));
            a[i][0] = 1 - a[i][1];
            b[i][1] = 1 / (1 + Math.exp(-y));
            b[i][0] = 1 - b[i][1];
        }
        DeLong.Result d = DeLong.test(Auc.oneVsRest(truth, 1), Auc.column(a, 1), Auc.column(b, 1));
        DeLong.Result m = DeLong.testMacro(truth, a, b);
        assertThat(m.aucA()).isCloseTo(d.aucA(), within(1e-12));
        assertThat(m.aucB()).isCloseTo(d.aucB(), within(1e-12));
        // 1/m² for 1/(m(m−1)): about 150 studies per class
        double var = d.varA() + d.varB() - 2 * d.covariance();
        double varMacro = m.varA() + m.varB() - 2 * m.covariance();
        assertThat(varMacro / var).isBetween(0.985, 1.0);
        assertThat(m.z()).isCloseTo(d.z(), within(0.01 * Math.abs(d.z()) + 1e-9));
    }

    /** The macro test's variance of the difference agrees with a paired bootstrap of the macro AUC difference. */
    @Test
    void macroVarianceAgreesWithPairedBootstrap() {
        Random r = new Random(21);
        int n = 450;
        int[] truth = new int[n];
        double[][] a = new double[n][3];
        double[][] b = new double[n][3];
        for (int i = 0; i < n; i++) {
            truth[i] = r.nextInt(3);
            for (int k = 0; k < 3; k++) {
                double shared = r.nextGaussian();
                a[i][k] = Math.exp((truth[i] == k ? 1.0 : 0) + shared + 0.7 * r.nextGaussian());
                b[i][k] = Math.exp((truth[i] == k ? 0.8 : 0) + shared + 0.7 * r.nextGaussian());
            }
            normalise(a[i]);
            normalise(b[i]);
        }
        DeLong.Result m = DeLong.testMacro(truth, a, b);
        double var = m.varA() + m.varB() - 2 * m.covariance();
        Random boot = new Random(5);
        int reps = 2000;
        double sum = 0;
        double sum2 = 0;
        int[] t = new int[n];
        double[][] pa = new double[n][];
        double[][] pb = new double[n][];
        for (int rep = 0; rep < reps; rep++) {
            for (int i = 0; i < n; i++) {
                int j = boot.nextInt(n);
                t[i] = truth[j];
                pa[i] = a[j];
                pb[i] = b[j];
            }
            double d = Auc.exactTask(t, pa) - Auc.exactTask(t, pb);
            sum += d;
            sum2 += d * d;
        }
        double bootVar = sum2 / reps - (sum / reps) * (sum / reps);
        assertThat(var / bootVar).isBetween(0.85, 1.15);
        assertThat(m.aucA()).isCloseTo(Auc.exactTask(truth, a), within(1e-12));
    }

    static void normalise(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        for (int k = 0; k < v.length; k++) {
            v[k] /= s;
        }
    }
}
