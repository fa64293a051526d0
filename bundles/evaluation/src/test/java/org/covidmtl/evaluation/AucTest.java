package org.covidmtl.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.covidmtl.api.cohort.Task;
import org.covidmtl.api.evaluation.Metric;
import org.junit.jupiter.api.Test;

class AucTest {

    @Test
    void exactAucByHand() {
        // pairs (pos, neg): (.9,.6) (.9,.1) (.4,.6) (.4,.1) -> 3 of 4 ordered
        assertThat(Auc.exact(new boolean[] { true, true, false, false }, new double[] { .9, .4, .6, .1 }))
                .isEqualTo(0.75);
        // a tie counts one half: (.5,.5)=½ (.5,.2)=1 (.8,.5)=1 (.8,.2)=1 -> 3.5/4
        assertThat(Auc.exact(new boolean[] { true, false, true, false }, new double[] { .5, .5, .8, .2 }))
                .isEqualTo(0.875);
        // all scores equal -> ½
        assertThat(Auc.exact(new boolean[] { true, false, true, false }, new double[] { 1, 1, 1, 1 })).isEqualTo(0.5);
        assertThat(Auc.exact(new boolean[] { true, true }, new double[] { 1, 2 })).isNaN();
    }

    @Test
    void exactAucEqualsPairCountingWithManyTies() {
        Random r = new Random(3);
        for (int rep = 0; rep < 20; rep++) {
            int n = 50 + r.nextInt(150);
            boolean[] pos = new boolean[n];
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                pos[i] = r.nextDouble() < 0.4;
                s[i] = Math.round((r.nextGaussian() + (pos[i] ? 0.7 : 0)) * 3) / 3.0; // coarse: many ties
            }
            double num = 0;
            long pairs = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (pos[i] && !pos[j]) {
                        pairs++;
                        num += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    }
                }
            }
            assertThat(Auc.exact(pos, s)).isCloseTo(num / pairs, within(1e-12));
            // the exact AUC is the trapezoid area under the empirical ROC curve
            double[][] roc = Auc.rocCurve(pos, s);
            assertThat(Auc.trapezoid(roc[0], roc[1])).isCloseTo(num / pairs, within(1e-12));
        }
    }

    @Test
    void paperAucByHand() {
        // class 1 ROC: (0,0) (0,.5) (.5,.5) (.5,1) (1,1). On the grid i/99: TPR .5 for 0 < x < .5, 1 for x > .5,
        // first point forced to 0. Trapezoid: (.25 + 48*.5 + .75 + 49*1)/99 = 74/99. Class 0 mirrors it.
        int[] truth = { 1, 1, 0, 0 };
        double[][] p = { { .1, .9 }, { .6, .4 }, { .4, .6 }, { .9, .1 } };
        double[] per = Auc.paperPerClass(truth, p);
        assertThat(per[0]).isCloseTo(74.0 / 99, within(1e-12));
        assertThat(per[1]).isCloseTo(74.0 / 99, within(1e-12));
        assertThat(Auc.paper(truth, p)).containsExactly(new double[] { 74.0 / 99, 0 }, within(1e-12));
        // a perfect ranking: TPR is 1 from the first grid point on, forced 0 at x=0 -> 1 - 0.5/99
        double[][] perfect = { { .2, .8 }, { .3, .7 }, { .6, .4 }, { .9, .1 } };
        assertThat(Auc.paper(truth, perfect)[0]).isCloseTo(1 - 0.5 / 99, within(1e-12));
    }

    /** numpy.interp semantics written independently: bracket x by the points left and right of it. */
    static double independentPaperAuc(boolean[] pos, double[] s) {
        // ROC points by brute force: one threshold per distinct score, "positive if score >= threshold"
        List<double[]> pts = new ArrayList<>();
        pts.add(new double[] { 0, 0 });
        double[] thr = java.util.Arrays.stream(s).distinct().sorted().toArray();
        int np = 0;
        for (boolean b : pos) {
            np += b ? 1 : 0;
        }
        int nn = pos.length - np;
        for (int t = thr.length - 1; t >= 0; t--) {
            int tp = 0;
            int fp = 0;
            for (int i = 0; i < s.length; i++) {
                if (s[i] >= thr[t]) {
                    if (pos[i]) {
                        tp++;
                    } else {
                        fp++;
                    }
                }
            }
            pts.add(new double[] { (double) fp / nn, (double) tp / np });
        }
        double[] y = new double[100];
        double[] x = new double[100];
        for (int g = 0; g < 100; g++) {
            x[g] = g / 99.0;
            double leftF = -1;
            double leftT = 0;
            double rightF = 2;
            double rightT = 0;
            for (double[] pt : pts) {
                if (pt[0] <= x[g] && (pt[0] > leftF || (pt[0] == leftF && pt[1] > leftT))) {
                    leftF = pt[0];
                    leftT = pt[1];
                }
                if (pt[0] > x[g] && (pt[0] < rightF || (pt[0] == rightF && pt[1] < rightT))) {
                    rightF = pt[0];
                    rightT = pt[1];
                }
            }
            y[g] = leftF == x[g] || rightF > 1 ? leftT : leftT + (rightT - leftT) * (x[g] - leftF) / (rightF - leftF);
        }
        y[0] = 0;
        y[99] = 1;
        double a = 0;
        for (int g = 1; g < 100; g++) {
            a += (x[g] - x[g - 1]) * (y[g] + y[g - 1]) / 2;
        }
        return a;
    }

    @Test
    void paperAucMatchesAnIndependentReimplementation() {
        Random r = new Random(7);
        for (int rep = 0; rep < 10; rep++) {
            int n = 120 + r.nextInt(300);
            int[] truth = new int[n];
            double[][] p = new double[n][3];
            for (int i = 0; i < n; i++) {
                truth[i] = r.nextInt(3);
                double[] e = new double[3];
                double sum = 0;
                for (int k = 0; k < 3; k++) {
                    e[k] = Math.exp(r.nextGaussian() + (truth[i] == k ? 1.0 : 0) + (rep % 2 == 0 ? 0 : 0));
                    sum += e[k];
                }
                for (int k = 0; k < 3; k++) {
                    // rounding to 2 decimals gives many ties, as tree ensembles do
                    p[i][k] = rep % 2 == 0 ? e[k] / sum : Math.round(e[k] / sum * 100) / 100.0;
                }
            }
            double[] per = Auc.paperPerClass(truth, p);
            for (int k = 0; k < 3; k++) {
                assertThat(per[k]).isCloseTo(independentPaperAuc(Auc.oneVsRest(truth, k), Auc.column(p, k)),
                        within(1e-12));
                // interpolation loses little: within 0.01 of the exact AUC at this size
                assertThat(per[k]).isCloseTo(Auc.exact(truth, p, k), within(0.01));
            }
        }
    }

    @Test
    void paperAucEvaluatorReportsMeanStdAndClasses() {
        int[] truth = { 1, 1, 0, 0 };
        double[][] p = { { .1, .9 }, { .6, .4 }, { .4, .6 }, { .9, .1 } };
        List<Metric> m = Evaluators.paperAuc(BootstrapSettings.NONE).evaluate(Task.COVID_CT, truth, p);
        assertThat(m).extracting(Metric::name).containsExactly("auc-paper", "auc-paper-std", "auc-paper-class-0",
                "auc-paper-class-1");
        assertThat(m.get(0).value()).isCloseTo(74.0 / 99, within(1e-12));
        List<Metric> e = Evaluators.auc(BootstrapSettings.NONE).evaluate(Task.COVID_CT, truth, p);
        assertThat(e.get(0).value()).isEqualTo(0.75);
    }
}
